import { env as transformersEnv } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCapturedProductResultSchema,
  CatalogImportSchema,
  ProductSearchResponseSchema,
} from '../../../../utils/contract';
import {
  createCatalogTestApp,
  type CatalogTestApp,
  jsonl,
  productsDir,
  readGalleryManifest,
  sampleProduct,
  startStaticServer,
  waitForImport,
} from '../testing/catalog';
import { createImageEmbedder, type ImageEmbedder } from '../embeddings';
import { asUser } from '../../../testing/api-helpers';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../../testing/fixtures';
import { vectorTestDatabases } from '../../../testing/test-databases';

// Tests never download models.
transformersEnv.allowRemoteModels = false;

// Similar search with the fixture model over a tiny shared catalogue plus one user's captured
// products: the owner finds their captured product first for a transformed photo of it; another
// user, searching with the same photo, gets the shared catalogue and never that product.
// On the databases with pgvector: PGlite, and native PostgreSQL + pgvector when LOUPE_TEST_DATABASE_URL
// has it (CI), else node-postgres against PGlite's socket server (the server driver's vector path).
for (const target of vectorTestDatabases) {
  describe.skipIf(!haveFixtures)(
    `similar search over captured products on ${target.name}${haveFixtures ? '' : ` (skipped: ${fixturesSkipReason})`}`,
    { timeout: 120_000 },
    () => {
      let t: CatalogTestApp;
      let embedder: ImageEmbedder;
      let gallery: Awaited<ReturnType<typeof startStaticServer>>;
      let ada: ReturnType<typeof asUser>;
      let bob: ReturnType<typeof asUser>;
      let captured: { id: string; query: string }[];
      let shared: { id: string; query: string };

      beforeAll(async () => {
        const manifest = await readGalleryManifest();
        const [a, b, c, d] = manifest.gallery.filter((g) => g.source);
        const queryFor = (id: string) => manifest.queries.find((q) => q.target === id)!.id;
        gallery = await startStaticServer({
          dir: productsDir,
          routes: new Map([
            [
              '/feed.jsonl',
              {
                type: 'application/x-ndjson',
                get body() {
                  return jsonl([
                    sampleProduct('S-1', { title: 'Shared find', imageUrl: `${gallery.url}/gallery/${d!.id}.png` }),
                  ]);
                },
              },
            ],
          ]),
        });
        embedder = createImageEmbedder({ modelDir: fixturePath('embed', 'hf'), modelId: 'local/mnv2-as-clip-vision' });
        t = await createCatalogTestApp(target, { embedder, fetchAllowPrivate: true });
        const admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
        ada = asUser(t, (await t.users.create('ada')).token);
        bob = asUser(t, (await t.users.create('bob')).token);

        const job = CatalogImportSchema.parse(
          await (
            await admin.post('/v1/catalog/imports', { url: `${gallery.url}/feed.jsonl`, source: 'shared' })
          ).json(),
        );
        expect(await waitForImport(admin, job.id)).toMatchObject({
          status: 'succeeded',
          counts: { imagesEmbedded: 1 },
        });
        const sharedHit = ProductSearchResponseSchema.parse(
          await (await bob.get('/v1/products/search?q=shared+find')).json(),
        ).results[0]!;
        shared = { id: sharedHit.product.id, query: queryFor(d!.id) };

        captured = [];
        for (const g of [a!, b!, c!]) {
          const response = await ada.post('/v1/catalog/captured', {
            product: {
              name: `Captured ${g.id}`,
              price: '20.00',
              currency: 'EUR',
              images: [`${gallery.url}/gallery/${g.id}.png`],
            },
            pageUrl: `https://shop.example/p/${g.id}`,
          });
          expect(response.status).toBe(201);
          captured.push({
            id: AddCapturedProductResultSchema.parse(await response.json()).product.id,
            query: queryFor(g.id),
          });
        }
        await t.deps.catalog.idle(); // the captured images are embedded in the background
      });
      afterAll(async () => {
        await t?.close();
        await gallery?.close();
        await embedder?.close();
      });

      const similar = async (as: ReturnType<typeof asUser>, query: string, params = '') => {
        const response = await as.post(`/v1/products/similar${params}`, { url: `${gallery.url}/queries/${query}.jpg` });
        expect(response.status).toBe(200);
        return ProductSearchResponseSchema.parse(await response.json()).results;
      };

      it('finds the owner’s captured product first, marked as captured, alongside the shared catalogue', async () => {
        for (const product of captured) {
          const results = await similar(ada, product.query);
          expect(results[0]?.product).toMatchObject({ id: product.id, source: 'captured' });
        }
        // The shared product is still there for the owner.
        expect((await similar(ada, shared.query)).map((r) => r.product.id)).toContain(shared.id);
        expect(
          (await similar(ada, captured[0]!.query, '?source=captured')).every((r) => r.product.source === 'captured'),
        ).toBe(true);
      });

      it('never shows another user’s captured products', async () => {
        for (const product of captured) {
          const results = await similar(bob, product.query, '?k=100');
          expect(results.map((r) => r.product.id)).toEqual([shared.id]);
        }
      });
    },
  );
}
