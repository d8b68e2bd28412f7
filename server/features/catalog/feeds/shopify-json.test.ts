import { describe, expect, it } from 'vitest';

import { FeedOptionsError, parseFeed, type FeedRow } from './index';
import { objectStartLines } from './shopify-json';

const collect = async (rows: AsyncIterable<FeedRow>) => {
  const out: FeedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

/** Trimmed-down but faithful storefront /products.json (fields Shopify sends that we ignore are kept in places). */
const PRODUCTS = {
  products: [
    {
      id: 7981234567,
      title: 'Linen Shirt',
      handle: 'linen-shirt',
      body_html: '<p>Breezy <strong>European flax</strong> linen &amp; mother-of-pearl buttons.</p>',
      published_at: '2026-03-01T10:00:00+01:00',
      vendor: 'Maison Lin',
      product_type: 'Shirts',
      tags: ['linen', 'summer'],
      variants: [
        {
          id: 44001,
          title: 'Sand / M',
          option1: 'Sand',
          option2: 'M',
          option3: null,
          sku: 'LS-SAND-M',
          featured_image: null,
          available: true,
          price: '79.00',
          compare_at_price: '99.00',
          grams: 210,
          barcode: '4006381333931',
        },
        {
          id: 44002,
          title: 'Indigo / L',
          option1: 'Indigo',
          option2: 'L',
          option3: null,
          sku: 'LS-IND-L',
          featured_image: {
            id: 9,
            product_id: 7981234567,
            position: 2,
            src: 'https://cdn.shopify.com/s/files/1/shirt-indigo.jpg',
            variant_ids: [44002],
          },
          available: false,
          price: '99.00',
          compare_at_price: null,
        },
        {
          id: 44003,
          title: 'Sand / S',
          option1: 'Sand',
          option2: 'S',
          sku: 'LS-SAND-S',
          available: true,
          price: 'n/a',
        },
      ],
      images: [
        { id: 8, position: 1, src: '//cdn.shopify.com/s/files/1/shirt-sand.jpg', variant_ids: [] },
        { id: 9, position: 2, src: 'https://cdn.shopify.com/s/files/1/shirt-indigo.jpg', variant_ids: [44002] },
      ],
      options: [
        { name: 'Color', position: 1, values: ['Sand', 'Indigo'] },
        { name: 'Size', position: 2, values: ['S', 'M', 'L'] },
      ],
    },
    {
      id: 7981234568,
      title: 'Gift Card',
      handle: 'gift-card',
      body_html: '',
      vendor: 'Maison Lin',
      variants: [{ id: 45001, title: 'Default Title', option1: 'Default Title', price: '50.00', available: true }],
      images: [],
      options: [{ name: 'Title', position: 1, values: ['Default Title'] }],
    },
    { id: 7981234569, title: 'Draft', handle: 'draft', variants: [], images: [] },
    {
      id: 7981234570,
      title: 'Ceramic Vase',
      handle: 'ceramic-vase',
      vendor: 'Atelier',
      variants: [{ id: 46001, title: 'Default Title', price: '120', available: true }],
      images: [{ id: 11, position: 1, src: 'https://cdn.shopify.com/s/files/1/vase.jpg', variant_ids: [] }],
      options: [{ name: 'Title', position: 1, values: ['Default Title'] }],
    },
  ],
};
const PRETTY = JSON.stringify(PRODUCTS, null, 2);
const options = { shopUrl: 'https://maison-lin.example/collections/all', currency: 'EUR' };

describe('Shopify products.json', () => {
  it('yields one product per variant, grouped by product id', async () => {
    const rows = await collect(parseFeed(PRETTY, options));
    expect(rows.map((r) => [r.ref, r.ok])).toEqual([
      ['products[0].variants[0]', true],
      ['products[0].variants[1]', true],
      ['products[0].variants[2]', false],
      ['products[1].variants[0]', false],
      ['products[2]', false],
      ['products[3].variants[0]', true],
    ]);
    const [sand, indigo, badPrice, giftCard, draft, vase] = rows;

    expect(sand).toMatchObject({
      ok: true,
      product: {
        sourceId: '44001',
        title: 'Linen Shirt - Sand / M',
        description: 'Breezy European flax linen & mother-of-pearl buttons.',
        brand: 'Maison Lin',
        link: 'https://maison-lin.example/products/linen-shirt?variant=44001',
        // No own image: the product's first image, protocol-relative URL made https.
        imageUrl: 'https://cdn.shopify.com/s/files/1/shirt-sand.jpg',
        additionalImageUrls: ['https://cdn.shopify.com/s/files/1/shirt-indigo.jpg'],
        // On sale: compare_at_price is the regular price.
        price: '99.00',
        salePrice: '79.00',
        currency: 'EUR',
        availability: 'in_stock',
        gtin: '4006381333931',
        sku: 'LS-SAND-M',
        itemGroupId: '7981234567',
        color: 'Sand',
        size: 'M',
      },
    });
    expect(indigo).toMatchObject({
      ok: true,
      product: {
        imageUrl: 'https://cdn.shopify.com/s/files/1/shirt-indigo.jpg',
        additionalImageUrls: ['https://cdn.shopify.com/s/files/1/shirt-sand.jpg'],
        price: '99.00',
        availability: 'out_of_stock',
        color: 'Indigo',
        size: 'L',
      },
    });
    expect(indigo?.ok && indigo.product.salePrice).toBeUndefined();
    expect(badPrice).toMatchObject({ ok: false, error: expect.stringContaining('price "n/a"') });
    expect(giftCard).toMatchObject({ ok: false, error: 'missing image link' });
    expect(draft).toMatchObject({ ok: false, error: expect.stringMatching(/no variants/) });
    expect(vase).toMatchObject({ ok: true, product: { title: 'Ceramic Vase', price: '120' } });
    expect(vase?.ok && vase.product.color).toBeUndefined();
  });

  it('points each row at the line where its variant starts', async () => {
    const rows = await collect(parseFeed(PRETTY, options));
    const lines = PRETTY.split('\n');
    for (const row of rows) {
      const id =
        row.ref?.endsWith(']') && row.ref.includes('variants') ? /"id": (\d+)/.exec(lines[row.line]!)?.[1] : undefined;
      if (row.ok) expect(id).toBe(row.product.sourceId);
    }
    // Minified JSON: everything is on line 1, the ref still says where.
    const minified = await collect(parseFeed(JSON.stringify(PRODUCTS), options));
    expect(minified.every((r) => r.line === 1)).toBe(true);
    expect(minified.map((r) => r.ref)).toEqual(rows.map((r) => r.ref));
  });

  it('needs the shop address and currency, which products.json does not contain', async () => {
    await expect(collect(parseFeed(PRETTY, { currency: 'EUR' }))).rejects.toBeInstanceOf(FeedOptionsError);
    await expect(collect(parseFeed(PRETTY, { shopUrl: 'javascript:alert(1)', currency: 'EUR' }))).rejects.toThrow(
      /shopUrl/,
    );
    await expect(collect(parseFeed(PRETTY, { shopUrl: 'https://maison-lin.example' }))).rejects.toThrow(/currency/);
  });

  it('reports a truncated document with the line of the problem', async () => {
    const truncated = PRETTY.slice(0, PRETTY.indexOf('"Gift Card"'));
    const rows = await collect(parseFeed(truncated, { ...options, format: 'shopify-json' }));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ ok: false, error: expect.stringMatching(/^not valid JSON/) });
    expect(rows[0]!.line).toBeGreaterThan(40);
  });
});

describe('objectStartLines', () => {
  it('ignores braces inside strings', () => {
    const text = '{"products": [\n{"title": "a { b [ c", "variants": [\n{"id": 1}]},\n{"id": 2, "variants": []}]}';
    expect(objectStartLines(text)).toEqual(
      new Map([
        ['products[0]', 2],
        ['products[0].variants[0]', 3],
        ['products[1]', 4],
      ]),
    );
  });
});
