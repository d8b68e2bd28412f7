import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogImportSchema, ProductSearchResponseSchema } from '../../../../utils/contract';
import {
  createCatalogTestApp,
  type CatalogTestApp,
  jsonl,
  sampleProduct,
  startStaticServer,
  waitForImport,
} from '../testing/catalog';
import { createImageEmbedder } from '../embeddings';
import { asUser, expectProblem } from '../../../testing/api-helpers';
import { apiTestDatabases, withoutVectorTestDatabases } from '../../../testing/test-databases';

// Without a model: imports (embed: false), keyword search and the 503s; on every database Loupe runs on.
for (const target of [...apiTestDatabases, ...withoutVectorTestDatabases]) {
  describe.skipIf(!target.available)(`catalogue API without a model on ${target.name}`, () => {
    const emptyModelDir = mkdtempSync(path.join(os.tmpdir(), 'loupe-no-model-'));
    let t: CatalogTestApp;
    let admin: ReturnType<typeof asUser>;
    let user: ReturnType<typeof asUser>;
    let feeds: Awaited<ReturnType<typeof startStaticServer>>;

    beforeAll(async () => {
      feeds = await startStaticServer({
        routes: new Map([
          [
            '/shop.jsonl',
            {
              type: 'application/x-ndjson',
              body: jsonl([
                sampleProduct('L-1', { title: 'Brass arc floor lamp', brand: 'Lumen', price: '149.00' }),
                sampleProduct('L-2', {
                  title: 'Paper table lamp',
                  brand: 'Lumen',
                  price: '39.00',
                  availability: 'out_of_stock',
                }),
                '{"broken": ',
                sampleProduct('L-3', { title: 'Ceramic lamp base', brand: 'Kiln', price: '89.00', currency: 'GBP' }),
              ]),
            },
          ],
        ]),
      });
      t = await createCatalogTestApp(target, {
        embedder: createImageEmbedder({ modelDir: emptyModelDir, modelId: 'Xenova/clip-vit-base-patch32' }),
        fetchAllowPrivate: true,
      });
      admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
      user = asUser(t, (await t.users.create('ada')).token);
    });
    afterAll(async () => {
      await t?.close();
      await feeds?.close();
      rmSync(emptyModelDir, { recursive: true, force: true });
    });

    it('lets only admins import catalogues or read imports', async () => {
      await expectProblem(
        await user.post('/v1/catalog/imports', { url: `${feeds.url}/shop.jsonl`, source: 'shop', embed: false }),
        403,
      );
      await expectProblem(await user.get(`/v1/catalog/imports/${crypto.randomUUID()}`), 403);
      await expectProblem(await admin.get(`/v1/catalog/imports/${crypto.randomUUID()}`), 404);
    });

    it('answers 503 saying how to get the model when an import would embed without one', async () => {
      const problem = await expectProblem(
        await admin.post('/v1/catalog/imports', { url: `${feeds.url}/shop.jsonl`, source: 'shop' }),
        503,
      );
      expect(problem.detail).toContain('npm run server -- models fetch');
      expect(problem.detail).toContain('"embed": false');
    });

    it('imports a feed by URL without embedding, reports bad rows by line, and searches it by keyword with filters', async () => {
      const response = await admin.post('/v1/catalog/imports', {
        url: `${feeds.url}/shop.jsonl`,
        source: 'shop',
        embed: false,
      });
      expect(response.status).toBe(202);
      const started = CatalogImportSchema.parse(await response.json());
      expect(response.headers.get('location')).toBe(`/v1/catalog/imports/${started.id}`);
      const job = await waitForImport(admin, started.id);
      expect(job).toMatchObject({
        status: 'succeeded',
        counts: { created: 3, failedRows: 1 },
        errors: [{ line: 3, kind: 'row' }],
      });

      const search = async (query: string) =>
        ProductSearchResponseSchema.parse(await (await user.get(`/v1/products/search?${query}`)).json()).results;
      const lamps = await search('q=lamps');
      expect(lamps).toHaveLength(3);
      expect(lamps[0]?.product).toMatchObject({
        source: 'shop',
        currency: expect.any(String),
        link: expect.stringMatching(/^https:/),
      });
      expect(lamps.every((result) => result.score > 0 && result.score <= 1)).toBe(true);
      expect((await search('q=lamp&brand=lumen&availability=in_stock')).map((r) => r.product.title)).toEqual([
        'Brass arc floor lamp',
      ]);
      expect((await search('q=lamp&currency=GBP')).map((r) => r.product.title)).toEqual(['Ceramic lamp base']);
      expect((await search('q=lamp&maxPrice=100&k=1')).length).toBe(1);
      expect(await search('q=lamp&source=elsewhere')).toEqual([]);
      await expectProblem(await user.get('/v1/products/search?q=lamp&k=101'), 400);
    });

    it('imports an uploaded feed', async () => {
      const form = new FormData();
      form.set('file', new File([jsonl([sampleProduct('U-1', { title: 'Uploaded vase' })])], 'upload.jsonl'));
      form.set('source', 'uploaded');
      form.set('embed', 'false');
      const token = (await t.users.issueTokenFor('root')).token;
      const response = await t.request('/v1/catalog/imports', { method: 'POST', body: form, token });
      expect(response.status).toBe(202);
      const job = await waitForImport(admin, CatalogImportSchema.parse(await response.json()).id);
      expect(job).toMatchObject({ status: 'succeeded', source: 'uploaded', counts: { created: 1 } });
      const results = ProductSearchResponseSchema.parse(
        await (await user.get('/v1/products/search?q=vase')).json(),
      ).results;
      expect(results.map((r) => r.product.source)).toEqual(['uploaded']);
    });

    it('answers similar search with 503 and the fix: the model, or pgvector where the database lacks it', async () => {
      const problem = await expectProblem(
        await t.request('/v1/products/similar', {
          method: 'POST',
          body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
          headers: { 'content-type': 'image/png' },
          token: (await t.users.issueTokenFor('ada')).token,
        }),
        503,
      );
      expect(problem.detail).toContain(target.hasVector ? 'npm run server -- models fetch' : 'pgvector');
      await expectProblem(await user.post('/v1/products/similar', { url: 'https://shop.example/a.jpg' }), 503);
    });
  });
}
