import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, queryRows } from '../../platform/db/open-database';
import { importJobs, productImages, products } from '../../platform/db/schema';
import { ImageRejectedError, type ImageEmbedder } from './embeddings';
import { testDatabases, withoutVectorTestDatabases } from '../../testing/test-databases';
import { bytesFeed, fileFeed } from './feed-source';
import { createImportJob, findResumableJob, toCatalogImport } from './import-jobs';
import { ImportStoppedError, runImport } from './importer';
import { searchText } from './products-store';
import { jsonl, sampleProduct } from './testing/catalog';
import { searchByVector, vectorSupport } from './vector-store';

const encode = (text: string) => new TextEncoder().encode(text);

/** A stand-in embedder: a 4-d vector from the image bytes, so tests of the import need no model. */
function fakeEmbedder(): ImageEmbedder & { calls: number } {
  const embed = (bytes: Uint8Array) => {
    const text = new TextDecoder().decode(bytes);
    if (text.startsWith('broken')) throw new ImageRejectedError('undecodable', 'cannot decode the image');
    const v = new Float32Array([
      text.length % 7,
      text.charCodeAt(text.length - 1) % 5,
      1,
      (text.charCodeAt(0) % 3) + 0.5,
    ]);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const embedder = {
    id: 'test/fake:fp32',
    dimensions: 4,
    hasTextTower: false,
    calls: 0,
    embedImage: async (bytes: Uint8Array) => embed(bytes),
    embedImages: async (batch: readonly Uint8Array[]) => {
      embedder.calls += batch.length;
      return batch.map(embed);
    },
    close: async () => {},
  };
  return embedder;
}

const TSV = [
  /* 1 */ 'id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand',
  /* 2 */ 'T-1\tOak chair\tSolid oak\thttps://s.example/t1\thttps://c.example/t1.jpg\tin stock\t120.00 EUR\tNordwood',
  /* 3 */ 'T-2\tBroken price\t\thttps://s.example/t2\thttps://c.example/t2.jpg\tin stock\tabc EUR\t',
  /* 4 */ 'T-3\tPine table\t\thttps://s.example/t3\thttps://c.example/t3.jpg\tout of stock\t80.00 EUR\tNordwood',
].join('\n');

const XML = `<?xml version="1.0"?>
<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>
<item>
  <g:id>X-1</g:id><g:title>Linen throw</g:title><g:link>https://s.example/x1</g:link>
  <g:image_link>https://c.example/x1.jpg</g:image_link><g:price>45.00 EUR</g:price><g:availability>in stock</g:availability>
</item>
<item>
  <g:id>X-2</g:id><g:title>No link</g:title>
  <g:image_link>https://c.example/x2.jpg</g:image_link><g:price>45.00 EUR</g:price>
</item>
</channel></rss>`;

const SHOPIFY = JSON.stringify(
  {
    products: [
      {
        id: 1,
        title: 'Wool rug',
        handle: 'wool-rug',
        vendor: 'Tapis',
        body_html: '<p>Hand <b>woven</b></p>',
        images: [{ src: 'https://cdn.shop.example/rug.jpg' }],
        variants: [
          { id: 11, title: 'Small', price: '150.00', available: true },
          { id: 12, title: 'Large', price: 'lots', available: true },
        ],
      },
    ],
  },
  null,
  2,
);

for (const target of [...testDatabases, ...withoutVectorTestDatabases]) {
  describe.skipIf(!target.available)(
    `catalogue import on ${target.name}${target.available ? '' : ` (skipped: ${target.skipReason})`}`,
    () => {
      let handle: DatabaseHandle;
      const fetched: string[] = [];
      const fetchImage = async (url: string) => {
        fetched.push(url);
        if (url.includes('missing')) throw new Error('the server answered 404');
        return encode(url.includes('broken') ? 'broken image' : `image of ${url}`);
      };
      beforeAll(async () => {
        handle = await target.open();
      });
      afterAll(() => handle?.close());

      const importFeed = async (
        source: string,
        feed: string,
        filename: string,
        options: {
          embedder?: ImageEmbedder;
          currency?: string;
          shopUrl?: string;
          batchSize?: number;
          signal?: AbortSignal;
        } = {},
      ) => {
        const job = await createImportJob(handle.db, {
          source,
          location: `test:${filename}`,
          embed: Boolean(options.embedder),
          ...(options.currency ? { currency: options.currency } : {}),
          ...(options.shopUrl ? { shopUrl: options.shopUrl } : {}),
        });
        return run(job.id, feed, filename, options);
      };
      const run = (
        jobId: string,
        feed: string,
        filename: string,
        options: { embedder?: ImageEmbedder; batchSize?: number; signal?: AbortSignal } = {},
      ) =>
        runImport(jobId, bytesFeed(encode(feed), filename), {
          db: handle.db,
          fetchImage,
          ...(options.embedder ? { embedder: options.embedder } : {}),
          ...(options.batchSize ? { batchSize: options.batchSize } : {}),
          ...(options.signal ? { signal: options.signal } : {}),
        });
      const sourceIds = async (source: string) =>
        (await handle.db.select({ id: products.sourceId }).from(products).where(eq(products.source, source)))
          .map((row) => row.id)
          .sort();

      it('imports a Merchant Center TSV feed, reporting the bad row by line', async () => {
        const job = await importFeed('tsv', TSV, 'feed.tsv');
        expect(job).toMatchObject({ status: 'succeeded', created: 2, failedRows: 1, rowsDone: 3 });
        const report = await toCatalogImport(handle.db, job);
        expect(report.errors).toEqual([
          expect.objectContaining({ line: 3, kind: 'row', error: expect.stringContaining('price') }),
        ]);
        const [chair] = await handle.db.select().from(products).where(eq(products.sourceId, 'T-1'));
        expect(chair).toMatchObject({
          source: 'tsv',
          title: 'Oak chair',
          brand: 'Nordwood',
          price: '120.00',
          currency: 'EUR',
          availability: 'in_stock',
        });
      });

      it('imports a Merchant Center TSV file from disk, as `catalog import FILE` does', async () => {
        // On a PostgreSQL server the importer's queries between opening the feed and reading it let the
        // event loop run: a file stream flowing from open() was read by nobody, and the import found 0 rows.
        const dir = await mkdtemp(path.join(tmpdir(), 'loupe-import-file-'));
        try {
          const file = path.join(dir, 'feed.tsv');
          await writeFile(file, TSV);
          const job = await createImportJob(handle.db, { source: 'tsv-file', location: file, embed: false });
          const finished = await runImport(job.id, fileFeed(file), { db: handle.db, fetchImage });
          expect(finished).toMatchObject({
            status: 'succeeded',
            rowsDone: 3,
            created: 2,
            failedRows: 1,
            message: null,
          });
          expect(await sourceIds('tsv-file')).toEqual(['T-1', 'T-3']);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      });

      it('imports Merchant Center XML, Shopify products.json and JSON Lines feeds', async () => {
        const xml = await importFeed('xml', XML, 'feed.xml');
        expect(xml).toMatchObject({ status: 'succeeded', created: 1, failedRows: 1 });
        expect((await toCatalogImport(handle.db, xml)).errors[0]).toMatchObject({ line: 7, kind: 'row' });

        const shopify = await importFeed('shopify', SHOPIFY, 'products.json', {
          currency: 'EUR',
          shopUrl: 'https://tapis.example',
        });
        expect(shopify).toMatchObject({ status: 'succeeded', created: 1, failedRows: 1 });
        const shopifyErrors = (await toCatalogImport(handle.db, shopify)).errors;
        expect(shopifyErrors[0]?.line).toBeGreaterThan(1);
        expect(shopifyErrors[0]?.ref).toContain('variants[1]');
        const [rug] = await handle.db.select().from(products).where(eq(products.source, 'shopify'));
        expect(rug).toMatchObject({
          title: expect.stringContaining('Wool rug'),
          brand: 'Tapis',
          link: expect.stringContaining('https://tapis.example/products/wool-rug'),
        });

        const lines = jsonl([
          sampleProduct('J-1'),
          '{"sourceId": "J-2", "title": "truncated',
          sampleProduct('J-3', { price: 'free' as never }),
        ]);
        const jsonlJob = await importFeed('jsonl', lines, 'feed.jsonl');
        expect(jsonlJob).toMatchObject({ status: 'succeeded', created: 1, failedRows: 2 });
        expect((await toCatalogImport(handle.db, jsonlJob)).errors.map((error) => error.line)).toEqual([2, 3]);
      });

      it('re-imports a source: updates what changed, removes what vanished, leaves other sources alone', async () => {
        await importFeed('other', jsonl([sampleProduct('A'), sampleProduct('B')]), 'other.jsonl');
        const first = await importFeed(
          'shop',
          jsonl([sampleProduct('A'), sampleProduct('B'), sampleProduct('C')]),
          'shop.jsonl',
        );
        expect(first).toMatchObject({ created: 3, updated: 0, unchanged: 0, removed: 0 });
        const [before] = await handle.db
          .select()
          .from(products)
          .where(sql`${products.source} = 'shop' AND ${products.sourceId} = 'B'`);

        const second = await importFeed(
          'shop',
          jsonl([sampleProduct('A'), sampleProduct('B', { price: '12.50', title: 'Renamed' }), sampleProduct('D')]),
          'shop.jsonl',
        );
        expect(second).toMatchObject({ status: 'succeeded', created: 1, updated: 1, unchanged: 1, removed: 1 });
        expect(await sourceIds('shop')).toEqual(['A', 'B', 'D']);
        expect(await sourceIds('other')).toEqual(['A', 'B']);
        const [after] = await handle.db
          .select()
          .from(products)
          .where(sql`${products.source} = 'shop' AND ${products.sourceId} = 'B'`);
        expect(after).toMatchObject({ id: before?.id, title: 'Renamed', price: '12.50' });
        expect(after?.firstSeenAt.getTime()).toBe(before?.firstSeenAt.getTime());

        // A feed with no valid row keeps the catalogue rather than wiping it.
        const broken = await importFeed('shop', '{"nope": true}\n', 'shop.jsonl');
        expect(broken).toMatchObject({ status: 'succeeded', removed: 0, message: expect.stringContaining('kept') });
        expect(await sourceIds('shop')).toEqual(['A', 'B', 'D']);
      });

      it('resumes an interrupted import where it stopped, without repeating or duplicating work', async () => {
        const embedder = fakeEmbedder();
        const feed = jsonl(
          Array.from({ length: 10 }, (_, i) => sampleProduct(`R-${i}`, { imageUrl: `https://c.example/r${i}.jpg` })),
        );
        const abort = new AbortController();
        const job = await createImportJob(handle.db, { source: 'resume', location: 'test:resume.jsonl', embed: true });
        let batches = 0;
        const crashed = runImport(job.id, bytesFeed(encode(feed), 'resume.jsonl'), {
          db: handle.db,
          fetchImage,
          embedder,
          batchSize: 3,
          signal: abort.signal,
          onProgress: () => {
            if (++batches === 2) abort.abort();
          },
        });
        await expect(crashed).rejects.toBeInstanceOf(ImportStoppedError);
        expect(await sourceIds('resume')).toHaveLength(6);

        expect(await findResumableJob(handle.db, 'resume', 'test:resume.jsonl', 120_000)).toMatchObject({
          id: job.id,
          status: 'interrupted',
          rowsDone: 6,
        });
        // A crash leaves the job "running" with a heartbeat that stops: once stale, it is resumable too.
        await handle.db
          .update(importJobs)
          .set({ status: 'running', heartbeatAt: new Date(Date.now() - 60_000) })
          .where(eq(importJobs.id, job.id));
        expect(await findResumableJob(handle.db, 'resume', 'test:resume.jsonl', 120_000)).toBeUndefined();
        const resumable = await findResumableJob(handle.db, 'resume', 'test:resume.jsonl', 30_000);
        expect(resumable).toMatchObject({ id: job.id, status: 'running', rowsDone: 6 });
        const callsBefore = embedder.calls;
        const finished = await run(job.id, feed, 'resume.jsonl', { embedder, batchSize: 3 });
        expect(finished).toMatchObject({ status: 'succeeded', rowsDone: 10, created: 10, removed: 0 });
        expect(embedder.calls - callsBefore).toBe((await vectorSupport(handle.db)).column ? 4 : 0);
        expect(await sourceIds('resume')).toHaveLength(10);
        expect(await findResumableJob(handle.db, 'resume', 'test:resume.jsonl', 0)).toBeUndefined();
      });

      it('embeds new and changed images only, and reports unfetchable ones by line while keeping the product', async () => {
        const support = await vectorSupport(handle.db);
        const embedder = fakeEmbedder();
        const feed = (v: string) =>
          jsonl([
            sampleProduct('E-1', { imageUrl: 'https://c.example/e1.jpg' }),
            sampleProduct('E-2', { imageUrl: `https://c.example/e2-${v}.jpg` }),
            sampleProduct('E-3', { imageUrl: 'https://c.example/missing.jpg' }),
            sampleProduct('E-4', { imageUrl: 'https://c.example/broken.jpg' }),
          ]);
        const first = await importFeed('embed', feed('a'), 'embed.jsonl', { embedder });
        if (!support.column) {
          // No pgvector (Debian's PostgreSQL): products import, images are not embedded, and the job says why.
          expect(first).toMatchObject({
            status: 'succeeded',
            created: 4,
            imagesEmbedded: 0,
            message: expect.stringContaining('pgvector'),
          });
          return;
        }
        expect(first).toMatchObject({ status: 'succeeded', created: 4, imagesEmbedded: 2, imageErrors: 2 });
        const errors = (await toCatalogImport(handle.db, first)).errors;
        expect(errors.map((error) => [error.line, error.kind])).toEqual([
          [3, 'image'],
          [4, 'image'],
        ]);
        expect(errors[0]?.error).toContain('404');

        const calls = embedder.calls;
        const second = await importFeed('embed', feed('b'), 'embed.jsonl', { embedder });
        // E-1 is unchanged and embedded: skipped. E-2's image changed. E-3/E-4 failed before and are retried.
        expect(second).toMatchObject({ updated: 1, unchanged: 3, imagesEmbedded: 1, imageErrors: 2 });
        expect(embedder.calls - calls).toBe(2);
        const images = await handle.db
          .select()
          .from(productImages)
          .innerJoin(products, eq(products.id, productImages.productId))
          .where(eq(products.source, 'embed'));
        expect(images.filter((row) => row.product_images.embedderId === embedder.id)).toHaveLength(2);

        const query = await embedder.embedImage(encode('image of https://c.example/e1.jpg'));
        const hits = await searchByVector(handle.db, { embedderId: embedder.id, dimensions: 4 }, query, {
          k: 2,
          filters: { source: 'embed' },
        });
        const [e1] = await handle.db
          .select()
          .from(products)
          .where(sql`${products.source} = 'embed' AND ${products.sourceId} = 'E-1'`);
        expect(hits[0]).toMatchObject({ productId: e1?.id });
        expect(hits[0]?.score).toBeCloseTo(1, 5);
      });

      it('finds products by keyword with filters', async () => {
        await importFeed(
          'furniture',
          jsonl([
            sampleProduct('F-1', {
              title: 'Walnut dining table',
              brand: 'Nordwood',
              price: '900.00',
              description: 'Seats six',
            }),
            sampleProduct('F-2', {
              title: 'Oak side table',
              brand: 'Nordwood',
              price: '150.00',
              availability: 'out_of_stock',
            }),
            sampleProduct('F-3', { title: 'Table lamp', brand: 'Lumen', price: '60.00', currency: 'USD' }),
            sampleProduct('F-4', {
              title: 'Armchair',
              description: 'Pairs with any table',
              price: '300.00',
              salePrice: '240.00',
            }),
          ]),
          'furniture.jsonl',
        );
        const titles = async (q: string, filters = {}) => {
          const hits = await searchText(handle.db, q, { k: 10, filters: { source: 'furniture', ...filters } });
          const rows = await queryRows<{ id: string; title: string }>(
            handle.db,
            sql`SELECT id, title FROM products WHERE source = 'furniture'`,
          );
          const byId = new Map(rows.map((row) => [row.id, row.title]));
          return hits.map((hit) => byId.get(hit.productId));
        };
        expect((await titles('tables'))[0]).toMatch(/table/i);
        expect(await titles('tables')).toHaveLength(4);
        expect(await titles('table', { brand: 'nordwood' })).toEqual(
          expect.arrayContaining(['Walnut dining table', 'Oak side table']),
        );
        expect(await titles('table', { brand: 'nordwood', availability: 'in_stock' })).toEqual(['Walnut dining table']);
        expect(await titles('table', { currency: 'USD' })).toEqual(['Table lamp']);
        expect((await titles('table', { minPrice: '100', maxPrice: '250' })).sort()).toEqual([
          'Armchair',
          'Oak side table',
        ]);
      });
    },
  );
}
