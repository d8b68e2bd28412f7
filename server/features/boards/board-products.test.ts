import { env as transformersEnv } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoardProductsResponseSchema,
  BoardSchema,
  CatalogImportSchema,
  ProductSearchResponseSchema,
  SavePinResultSchema,
} from '../../../utils/contract';
import { createImageEmbedder, type ImageEmbedder } from '../catalog/embeddings';
import { productsDir, readGalleryManifest, startGalleryShop, waitForImport } from '../catalog/testing/catalog';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { vectorTestDatabases } from '../../testing/test-databases';

// Tests never download models.
transformersEnv.allowRemoteModels = false;

// Shop this board, with the fixture model on the databases with pgvector: a small shared catalogue
// (products whose images are fixture gallery pictures), and a board whose pins are other photos of
// some of them. Each pin must bring its own product, whatever the others look like.
for (const target of vectorTestDatabases) {
  describe.skipIf(!haveFixtures)(
    `shop this board on ${target.name}${haveFixtures ? '' : ` (skipped: ${fixturesSkipReason})`}`,
    { timeout: 120_000 },
    () => {
      let t: TestApp;
      let embedder: ImageEmbedder;
      let gallery: Awaited<ReturnType<typeof startGalleryShop>>;
      let ada: ReturnType<typeof asUser>;
      let bob: ReturnType<typeof asUser>;
      let boardId: string;
      /** By gallery id: the product made of its picture, and Ada's pin of another photo of it. */
      const productOf = new Map<string, string>();
      const pinOf = new Map<string, string>();
      const PINNED = ['src001', 'src004', 'src007'];

      beforeAll(async () => {
        const manifest = await readGalleryManifest();
        const items = [
          ...manifest.gallery.filter((g) => g.source).slice(0, 8),
          ...manifest.gallery.filter((g) => !g.source).slice(0, 8),
        ];
        gallery = await startGalleryShop(
          productsDir,
          items.map((g) => g.id),
        );
        embedder = createImageEmbedder({ modelDir: fixturePath('embed', 'hf'), modelId: 'local/mnv2-as-clip-vision' });
        t = await createTestApp(target, {
          catalog: { embedder, fetchAllowPrivate: true },
          provenance: { allowPrivate: true },
        });
        const admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
        ada = asUser(t, (await t.users.create('ada')).token);
        bob = asUser(t, (await t.users.create('bob')).token);
        const job = CatalogImportSchema.parse(
          await (await admin.post('/v1/catalog/imports', { url: `${gallery.url}/feed.tsv`, source: 'shop' })).json(),
        );
        expect(await waitForImport(admin, job.id, 110_000)).toMatchObject({
          status: 'succeeded',
          counts: { imagesEmbedded: items.length },
        });
        for (const g of items) {
          const hit = ProductSearchResponseSchema.parse(
            await (await ada.get(`/v1/products/search?q=${g.id}&k=1`)).json(),
          ).results[0];
          productOf.set(g.id, hit!.product.id);
        }

        boardId = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'To buy' })).json()).id;
        for (const id of PINNED) {
          const query = manifest.queries.find((q) => q.target === id)!;
          const saved = await ada.post('/v1/pins', { boardId, imageUrl: `${gallery.url}/queries/${query.id}.jpg` });
          pinOf.set(id, SavePinResultSchema.parse(await saved.json()).pin.id);
        }
        await t.deps.pinEnrichment.idle();
        await t.deps.pinEmbeddings.idle();
      });
      afterAll(async () => {
        await t?.close();
        await gallery?.close();
        await embedder?.close();
      });

      const shop = async (query = '', as = ada) => {
        const response = await as.get(`/v1/boards/${boardId}/products${query}`);
        expect(response.status).toBe(200);
        return BoardProductsResponseSchema.parse(await response.json());
      };

      it('lists the product behind each pin first, each saying which pins it looks like', async () => {
        const { results, pinsUsed, pinsPending } = await shop();
        expect({ pinsUsed, pinsPending }).toEqual({ pinsUsed: PINNED.length, pinsPending: 0 });
        // Fused across pins: every pin's own product is among the first three, because of that pin.
        const top = results.slice(0, PINNED.length);
        expect(top.map((result) => result.product.id).sort()).toEqual(PINNED.map((id) => productOf.get(id)).sort());
        for (const id of PINNED) {
          const result = results.find((r) => r.product.id === productOf.get(id))!;
          expect(result.because[0]).toBe(pinOf.get(id));
        }
        // Every product says why, with the board's pins only.
        for (const result of results) expect([...pinOf.values()]).toEqual(expect.arrayContaining(result.because));
        expect(results.every((result) => result.score > 0 && result.score <= 1)).toBe(true);
      });

      it('applies the search filters', async () => {
        const zenith = await shop('?brand=zenith&k=50');
        expect(zenith.results.length).toBeGreaterThan(0);
        expect(zenith.results.every((result) => result.product.brand === 'Zenith')).toBe(true);
        const inStock = await shop('?availability=in_stock&maxPrice=20.00&currency=EUR');
        expect(inStock.results.length).toBeGreaterThan(0);
        expect(
          inStock.results.every(
            (result) => result.product.availability === 'in_stock' && Number(result.product.price) <= 20,
          ),
        ).toBe(true);
        await expectProblem(await ada.get(`/v1/boards/${boardId}/products?maxPrice=cheap`), 400);
      });

      it('is the board owner’s alone', async () => {
        await expectProblem(await bob.get(`/v1/boards/${boardId}/products`), 404);
        const bobs = BoardSchema.parse(await (await bob.post('/v1/boards', { name: 'Empty' })).json()).id;
        expect(BoardProductsResponseSchema.parse(await (await bob.get(`/v1/boards/${bobs}/products`)).json())).toEqual({
          results: [],
          pinsUsed: 0,
          pinsPending: 0,
        });
      });
    },
  );
}
