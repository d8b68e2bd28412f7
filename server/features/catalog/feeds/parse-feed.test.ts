import { Readable } from 'node:stream';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { ProductSchema, type Product } from '../../../../utils/contract/products';
import { UnknownFeedFormatError, detectFeedFormat, parseFeed, type FeedRow } from './index';

const collect = async (rows: AsyncIterable<FeedRow>) => {
  const out: FeedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

const product: Product = {
  sourceId: 'VASE-1',
  title: 'Ceramic vase',
  link: 'https://atelier.example/vase-1',
  imageUrl: 'https://atelier.example/img/vase-1.jpg',
  additionalImageUrls: [],
  price: '120.00',
  currency: 'EUR',
  availability: 'in_stock',
};

describe('JSON Lines', () => {
  it('validates each line against the product shape and reports the line and field of each problem', async () => {
    const feed = [
      JSON.stringify(product),
      '',
      JSON.stringify({ ...product, sourceId: 'VASE-2', price: 120 }),
      '{"sourceId": "VASE-3", "title": "Truncated',
      JSON.stringify({ ...product, sourceId: 'VASE-4', currency: 'EURO', availability: 'maybe' }),
      JSON.stringify({
        sourceId: 'VASE-5',
        title: 'Minimal',
        link: 'https://a.example/5',
        imageUrl: 'https://a.example/5.jpg',
        price: '5',
        currency: 'JPY',
      }),
      JSON.stringify({ ...product, sourceId: 'VASE-6', imageUrl: 'javascript:alert(1)' }),
    ].join('\n');
    const rows = await collect(parseFeed(feed, { filename: 'catalog.jsonl' }));
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [1, true],
      [3, false],
      [4, false],
      [5, false],
      [6, true],
      [7, false],
    ]);
    expect(rows[0]).toEqual({ ok: true, line: 1, product, warnings: [] });
    expect(rows[1]).toMatchObject({ error: expect.stringMatching(/^price: /) });
    expect(rows[2]).toMatchObject({ error: expect.stringMatching(/^not valid JSON/) });
    expect(rows[3]).toMatchObject({ error: expect.stringMatching(/currency: .*availability: /) });
    expect(rows[4]).toMatchObject({ product: { availability: 'unknown', additionalImageUrls: [] } });
    expect(rows[5]).toMatchObject({ error: expect.stringMatching(/^imageUrl: /) });
  });

  it('round-trips any valid product', async () => {
    const products = fc.record({
      sourceId: fc.string({ minLength: 1, maxLength: 20 }),
      title: fc.string({ minLength: 1, maxLength: 60 }),
      price: fc
        .tuple(fc.nat({ max: 99999 }), fc.nat({ max: 99 }))
        .map(([a, b]) => `${a}.${String(b).padStart(2, '0')}`),
      currency: fc.constantFrom('EUR', 'USD', 'JPY', 'CHF'),
      availability: fc.constantFrom('in_stock', 'out_of_stock', 'preorder', 'backorder', 'unknown'),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(products, { minLength: 1, maxLength: 5 }), async (items) => {
        const full = items.map((p, i) =>
          ProductSchema.parse({
            ...p,
            sourceId: `${i}-${p.sourceId}`,
            link: `https://s.example/${i}`,
            imageUrl: `https://s.example/${i}.jpg`,
          }),
        );
        const rows = await collect(parseFeed(full.map((p) => JSON.stringify(p)).join('\r\n'), { format: 'jsonl' }));
        expect(rows.map((r) => (r.ok ? r.product : r.error))).toEqual(full);
      }),
      { numRuns: 50 },
    );
  });
});

describe('format detection', () => {
  it.each([
    ['<?xml version="1.0"?>\n<rss version="2.0" xmlns:g="http://base.google.com/ns/1.0">', undefined, 'gmc-xml'],
    ['<feed xmlns="http://www.w3.org/2005/Atom">', undefined, 'gmc-xml'],
    ['\ufeff  id\ttitle\tlink\n', undefined, 'gmc-tsv'],
    ['{"products":[{"id":1}]}', undefined, 'shopify-json'],
    ['{\n  "products": [', 'whatever.txt', 'shopify-json'],
    ['{"sourceId":"a"}\n{"sourceId":"b"}\n', 'products.json', 'jsonl'],
    ['{"sourceId":"a"}', undefined, 'jsonl'],
    ['{"sourceId":"a"}', 'page.json', 'shopify-json'],
    ['', 'feed.tsv', 'gmc-tsv'],
    ['', 'feed.xml?token=1', 'gmc-xml'],
    ['just some text', undefined, undefined],
    ['id,title,price\n1,Hat,10 USD', undefined, undefined],
  ] as const)('%j (%s) → %s', (head, filename, expected) => {
    expect(detectFeedFormat(head, filename)).toBe(expected);
  });

  it('throws a clear error for content it cannot read', async () => {
    await expect(collect(parseFeed('id,title,price\n1,Hat,10 USD\n'))).rejects.toBeInstanceOf(UnknownFeedFormatError);
  });

  it('detects from a stream whose first chunk is tiny', async () => {
    const feed = 'id\ttitle\tlink\timage_link\tprice\nA\tHat\thttps://s.example/a\thttps://s.example/a.jpg\t10 USD\n';
    const rows = await collect(parseFeed(Readable.from([...Buffer.from(feed)].map((b) => Buffer.from([b])))));
    expect(rows).toMatchObject([{ ok: true, line: 2, product: { sourceId: 'A' } }]);
  });
});

describe('TSV quoting', () => {
  it('reads an unbalanced quote as text instead of swallowing the rows after it', async () => {
    const feed = [
      'id\ttitle\tlink\timage_link\tprice',
      'Q1\t"Best mug ever\thttps://s.example/q1\thttps://s.example/q1.jpg\t9 USD',
      'Q2\tPlain mug\thttps://s.example/q2\thttps://s.example/q2.jpg\t8 USD',
      'Q3\t"Quoted\ttab"\thttps://s.example/q3\thttps://s.example/q3.jpg\t7 USD',
    ].join('\n');
    const rows = await collect(parseFeed(feed));
    expect(rows).toMatchObject([
      { ok: true, line: 2, product: { sourceId: 'Q1', title: '"Best mug ever' } },
      { ok: true, line: 3, product: { sourceId: 'Q2' } },
      { ok: true, line: 4, product: { sourceId: 'Q3', title: 'Quoted tab' } },
    ]);
  });
});
