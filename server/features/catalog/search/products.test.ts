import { readFile } from 'node:fs/promises';
import { env as transformersEnv } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoardSchema,
  CatalogImportSchema,
  ProductSearchResponseSchema,
  SavePinResultSchema,
  regionParam,
  SimilarProductsResponseSchema,
} from '../../../../utils/contract';
import {
  createCatalogTestApp,
  type CatalogTestApp,
  type GalleryManifest,
  productsDir,
  readGalleryManifest,
  startGalleryShop,
  waitForImport,
} from '../testing/catalog';
import { sceneWith } from '../testing/scenes';
import { createImageEmbedder, type ImageEmbedder } from '../embeddings';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../../testing/fixtures';
import { asUser, expectProblem } from '../../../testing/api-helpers';
import { vectorTestDatabases } from '../../../testing/test-databases';

// Tests never download models.
transformersEnv.allowRemoteModels = false;

/** A subset keeps the suite fast on two cores: these catalogue images, some distractors, one query each. */
const SOURCES = 16;
const DISTRACTORS = 16;

// Similar search end to end, on the databases that have pgvector (PGlite, and native PostgreSQL +
// pgvector when LOUPE_TEST_DATABASE_URL has it, as in CI; else node-postgres over PGlite's socket): a feed on a loopback server
// pointing at the fixture gallery, imported through the API with the fixture model, then
// transformed query images (crop, rescale, colour shift, new background, JPEG) must find their original.
for (const target of vectorTestDatabases) {
  describe.skipIf(!haveFixtures)(
    `similar products on ${target.name}${haveFixtures ? '' : ` (skipped: ${fixturesSkipReason})`}`,
    { timeout: 120_000 },
    () => {
      let t: CatalogTestApp;
      let embedder: ImageEmbedder;
      let gallery: Awaited<ReturnType<typeof startGalleryShop>>;
      let admin: ReturnType<typeof asUser>;
      let ada: ReturnType<typeof asUser>;
      let adaToken: string;
      let manifest: GalleryManifest;
      let queries: { id: string; target: string }[];
      const productIdOf = new Map<string, string>();
      /** What the loopback server answers besides the fixture files. */
      const routes = new Map<string, { body: string | Uint8Array; type: string }>();

      beforeAll(async () => {
        manifest = await readGalleryManifest();
        const sources = manifest.gallery.filter((g) => g.source).slice(0, SOURCES);
        const distractors = manifest.gallery.filter((g) => !g.source).slice(0, DISTRACTORS);
        queries = sources.map((s) => manifest.queries.find((q) => q.target === s.id)!);
        const items = [...sources, ...distractors];
        gallery = await startGalleryShop(
          productsDir,
          items.map((g) => g.id),
          routes,
        );

        embedder = createImageEmbedder({ modelDir: fixturePath('embed', 'hf'), modelId: 'local/mnv2-as-clip-vision' });
        t = await createCatalogTestApp(target, { embedder, fetchAllowPrivate: true });
        admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
        adaToken = (await t.users.create('ada')).token;
        ada = asUser(t, adaToken);

        const response = await admin.post('/v1/catalog/imports', { url: `${gallery.url}/feed.tsv`, source: 'gallery' });
        expect(response.status).toBe(202);
        const job = await waitForImport(admin, CatalogImportSchema.parse(await response.json()).id, 110_000);
        expect(job).toMatchObject({
          status: 'succeeded',
          counts: { created: items.length, imagesEmbedded: items.length, imageErrors: 0 },
        });
        for (const g of items) expect(gallery.hits.get(`/gallery/${g.id}.png`)).toBe(1);

        // Product ids by gallery id, through keyword search on the titles.
        for (const g of sources) {
          const [hit] = ProductSearchResponseSchema.parse(
            await (await ada.get(`/v1/products/search?q=${g.id}&k=1`)).json(),
          ).results;
          productIdOf.set(g.id, hit!.product.id);
        }
      });
      afterAll(async () => {
        await t?.close();
        await gallery?.close();
        await embedder?.close();
      });

      const similarResponse = async (bytes: Uint8Array, query = '') => {
        const response = await t.request(`/v1/products/similar${query}`, {
          method: 'POST',
          body: new Blob([new Uint8Array(bytes)]),
          headers: { 'content-type': 'image/jpeg' },
          token: adaToken,
        });
        expect(response.status).toBe(200);
        return SimilarProductsResponseSchema.parse(await response.json());
      };
      const similarToBytes = async (bytes: Uint8Array, query = '') => (await similarResponse(bytes, query)).results;

      it('finds the original product first for transformed query images', async () => {
        const misses: string[] = [];
        for (const query of queries) {
          const results = await similarToBytes(await readFile(`${productsDir}/queries/${query.id}.jpg`));
          expect(results).toHaveLength(12);
          expect(results.map((r) => r.score)).toEqual([...results.map((r) => r.score)].sort((a, b) => b - a));
          if (results[0]?.product.id !== productIdOf.get(query.target))
            misses.push(`${query.id} → ${results[0]?.product.title}`);
          // Even a miss must have the original near the top.
          expect(results.slice(0, 3).map((r) => r.product.id)).toContain(productIdOf.get(query.target));
        }
        // The fixture model's recall@1 is 0.9–0.97 depending on the CPU's int8 kernels (see server/features/catalog/embeddings): allow one miss in the subset.
        expect(misses.length, misses.join(', ')).toBeLessThanOrEqual(1);
      });

      it('says how alike each result is, and whether anything in the catalogue is a close match', async () => {
        const inCatalogue = new Set(queries.map((q) => q.target));
        const elsewhere = manifest.queries.filter((q) => !inCatalogue.has(q.target) && q.id.endsWith('_q0'));
        const closeWhenThere: boolean[] = [];
        for (const query of queries) {
          const response = await similarResponse(await readFile(`${productsDir}/queries/${query.id}.jpg`));
          const similarities = response.results.map((r) => r.similarity);
          expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
          for (const result of response.results) {
            expect(result.similarity).toBeGreaterThanOrEqual(0);
            expect(result.similarity).toBeLessThanOrEqual(1);
            expect(result.close).toBe(result.similarity >= response.closeMatchSimilarity);
          }
          expect(response.closeMatch).toBe(response.results.some((r) => r.close));
          closeWhenThere.push(response.closeMatch && response.results[0]!.product.id === productIdOf.get(query.target));
        }
        const closeWhenAbsent: boolean[] = [];
        for (const query of elsewhere)
          closeWhenAbsent.push(
            (await similarResponse(await readFile(`${productsDir}/queries/${query.id}.jpg`))).closeMatch,
          );
        const rate = (flags: boolean[]) => flags.filter(Boolean).length / flags.length;
        // Calibrated (closeness.bench.ts) for about 91% found-and-close when the product is there and 8% "close"
        // when it is not, against 150 images; this catalogue is smaller, so fewer unrelated look-alikes.
        expect(rate(closeWhenThere)).toBeGreaterThanOrEqual(0.75);
        expect(rate(closeWhenAbsent)).toBeLessThanOrEqual(0.2);
      });

      it('searches a part of the image: a product inside a larger scene, which the whole image misses', async () => {
        const target = queries[2]!.target;
        // The product among eight pictures that are not in the catalogue.
        const others = manifest.gallery.filter((g) => !g.source).slice(DISTRACTORS, DISTRACTORS + 8);
        const { bytes, region } = await sceneWith(
          await readFile(`${productsDir}/gallery/${target}.png`),
          await Promise.all(others.map((g) => readFile(`${productsDir}/gallery/${g.id}.png`))),
          4,
        );
        const whole = await similarResponse(bytes);
        expect(whole.results[0]?.product.id).not.toBe(productIdOf.get(target));
        expect(whole.closeMatch).toBe(false);

        const upload = await similarResponse(bytes, `?region=${regionParam(region)}`);
        expect(upload.results[0]).toMatchObject({ product: { id: productIdOf.get(target) }, close: true });

        // The same by URL, with the region in the JSON body.
        routes.set('/scene.jpg', { type: 'image/jpeg', body: bytes });
        const byUrl = SimilarProductsResponseSchema.parse(
          await (await ada.post('/v1/products/similar', { url: `${gallery.url}/scene.jpg`, region })).json(),
        );
        expect(byUrl.results[0]).toMatchObject({ product: { id: productIdOf.get(target) }, close: true });
      });

      it('refuses a region that is not inside the image, or too small, saying why', async () => {
        const bytes = await readFile(`${productsDir}/queries/${queries[0]!.id}.jpg`);
        const upload = (region: string) =>
          t.request(`/v1/products/similar?region=${region}`, {
            method: 'POST',
            body: new Blob([new Uint8Array(bytes)]),
            headers: { 'content-type': 'image/jpeg' },
            token: adaToken,
          });
        expect((await expectProblem(await upload('0.5,0.5,0.6,0.2'), 400)).detail).toContain('inside the image');
        expect((await expectProblem(await upload('half'), 400)).detail).toContain('left,top,width,height');
        expect((await expectProblem(await upload('0,0,0.001,0.5'), 400)).detail).toContain('at least 16');
        const url = `${gallery.url}/queries/${queries[0]!.id}.jpg`;
        await expectProblem(
          await ada.post('/v1/products/similar', { url, region: { left: 0, top: 0, width: 2, height: 1 } }),
          400,
        );
        await expectProblem(
          await ada.post('/v1/products/similar?region=0,0,1,1', {
            url,
            region: { left: 0, top: 0, width: 1, height: 1 },
          }),
          400,
        );
      });

      it('applies k and filters to similar search', async () => {
        const bytes = await readFile(`${productsDir}/queries/${queries[0]!.id}.jpg`);
        expect(await similarToBytes(bytes, '?k=3')).toHaveLength(3);
        const filtered = await similarToBytes(bytes, '?k=100&availability=in_stock&brand=acme&maxPrice=30');
        expect(filtered.length).toBeGreaterThan(0);
        for (const { product } of filtered) {
          expect(product).toMatchObject({ availability: 'in_stock', brand: 'Acme' });
          expect(Number(product.price)).toBeLessThanOrEqual(30);
        }
        expect(await similarToBytes(bytes, '?source=nowhere')).toEqual([]);
        await expectProblem(
          await t.request('/v1/products/similar?k=0', {
            method: 'POST',
            body: new Blob([new Uint8Array(bytes)]),
            headers: { 'content-type': 'image/jpeg' },
            token: adaToken,
          }),
          400,
        );
      });

      it('searches by image URL (fetched through safeFetch) and by one of your pins', async () => {
        const query = queries[1]!;
        const url = `${gallery.url}/queries/${query.id}.jpg`;
        const byUrl = ProductSearchResponseSchema.parse(
          await (await ada.post('/v1/products/similar?k=5', { url })).json(),
        ).results;
        expect(byUrl[0]?.product.id).toBe(productIdOf.get(query.target));

        const board = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Finds' })).json());
        const pin = SavePinResultSchema.parse(
          await (await ada.post('/v1/pins', { boardId: board.id, imageUrl: url })).json(),
        ).pin;
        const byPin = ProductSearchResponseSchema.parse(
          await (await ada.post('/v1/products/similar?k=5', { pinId: pin.id })).json(),
        ).results;
        expect(byPin.map((r) => r.product.id)).toEqual(byUrl.map((r) => r.product.id));

        const bob = asUser(t, (await t.users.create('bob')).token);
        await expectProblem(await bob.post('/v1/products/similar', { pinId: pin.id }), 404);
        await expectProblem(await ada.post('/v1/products/similar', { url: `${gallery.url}/feed.tsv` }), 400);
        await expectProblem(
          await t.request('/v1/products/similar', {
            method: 'POST',
            body: 'not an image',
            headers: { 'content-type': 'image/png' },
            token: adaToken,
          }),
          400,
        );
        await expectProblem(
          await t.request('/v1/products/similar', {
            method: 'POST',
            body: 'x',
            headers: { 'content-type': 'text/plain' },
            token: adaToken,
          }),
          415,
        );
      });
    },
  );
}
