import { Readable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { parseFeed, type FeedRow } from './index';

const collect = async (rows: AsyncIterable<FeedRow>) => {
  const out: FeedRow[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

/** A Merchant Center TSV export as shops really produce them, warts included. Line numbers in comments. */
const FEED = [
  /* 1 */ 'id\ttitle\tdescription\tlink\timage_link\tadditional_image_link\tavailability\tprice\tsale_price\tbrand\tgtin\tmpn\titem_group_id\tcolor\tsize\tgoogle_product_category',
  /* 2 */ 'TS-RED-M\tTom &amp; Jerry T-Shirt\t<p>100% cotton. <b>Soft</b> &amp; light.</p>\thttps://shop.example.com/ts?v=red-m\thttps://cdn.example.com/ts-red.jpg\thttps://cdn.example.com/ts-red-2.jpg,https://cdn.example.com/ts-red-3.jpg\tin stock\t19.99 USD\t14.99 USD\tAcme\t4006381333931\tTS-100\tTS\tRed\tM\tApparel & Accessories > Clothing > Shirts & Tops',
  /* 3 */ 'TS-RED-L\tTom &amp; Jerry T-Shirt\t\thttps://shop.example.com/ts?v=red-l\thttps://cdn.example.com/ts-red.jpg\t\tout_of_stock\t19.99 USD\t\tAcme\t\t\tTS\tRed\tL\t1604',
  /* 4 */ 'MUG-1\tCaf&eacute; mug 12 oz\tA mug\thttps://shop.example.com/mug\thttps://cdn.example.com/mug.jpg\t\tpreorder\tabc USD\t\t\t\t\t\t\t\t',
  /* 5 */ 'MUG-2\tTravel mug\t\thttps://shop.example.com/mug2\thttps://cdn.example.com/mug2.jpg\t\tbackorder\t12.00 USX\t\t\t\t\t\t\t\t',
  /* 6 */ '\tNo id here\t\thttps://shop.example.com/x\thttps://cdn.example.com/x.jpg\t\tin stock\t5.00 USD\t\t\t\t\t\t\t\t',
  /* 7 */ 'LAMP-1\t"Desk lamp, 15"" shade"\t"Line one',
  /* 8 */ 'line two"\thttps://shop.example.com/lamp\thttps://cdn.example.com/lamp.jpg\t\tin_stock\t1,299.00 USD\t\t\t\t\t\t\t\t',
  /* 9 */ '',
  /* 10 */ 'EXTRA-1\tStray tab\t\thttps://shop.example.com/e\thttps://cdn.example.com/e.jpg\t\tin stock\t5.00 USD\t\t\t\t\t\t\t\t\textra\tcolumns',
  /* 11 */ 'SHORT-1\tShort row\t\thttps://shop.example.com/s\thttps://cdn.example.com/s.jpg\t\tin stock\t7.50 EUR',
  /* 12 */ 'NOIMG-1\tNo image\t\thttps://shop.example.com/n\t\t\tin stock\t7.50 EUR',
].join('\r\n');

describe('Google Merchant Center TSV', () => {
  it('parses good rows, reports bad ones with their line, and never stops', async () => {
    const rows = await collect(parseFeed(FEED, { filename: 'feed.tsv' }));
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, false],
      [5, false],
      [6, false],
      [7, true],
      [10, false],
      [11, true],
      [12, false],
    ]);

    const [first, second, badPrice, badCurrency, noId, lamp, stray, short, noImage] = rows;
    expect(first).toEqual({
      ok: true,
      line: 2,
      warnings: [],
      product: {
        sourceId: 'TS-RED-M',
        title: 'Tom & Jerry T-Shirt',
        description: '100% cotton. Soft & light.',
        link: 'https://shop.example.com/ts?v=red-m',
        imageUrl: 'https://cdn.example.com/ts-red.jpg',
        additionalImageUrls: ['https://cdn.example.com/ts-red-2.jpg', 'https://cdn.example.com/ts-red-3.jpg'],
        availability: 'in_stock',
        price: '19.99',
        salePrice: '14.99',
        currency: 'USD',
        brand: 'Acme',
        gtin: '4006381333931',
        mpn: 'TS-100',
        itemGroupId: 'TS',
        color: 'Red',
        size: 'M',
        googleProductCategory: 'Apparel & Accessories > Clothing > Shirts & Tops',
      },
    });
    expect(second).toMatchObject({
      ok: true,
      product: { availability: 'out_of_stock', googleProductCategory: '1604', size: 'L' },
    });
    expect(second?.ok && second.product.description).toBeUndefined();
    expect(badPrice).toMatchObject({ ok: false, error: expect.stringContaining('price "abc USD"') });
    expect(badCurrency).toMatchObject({ ok: false, error: expect.stringContaining('unknown currency code "USX"') });
    expect(noId).toMatchObject({ ok: false, error: 'missing id' });
    expect(lamp).toMatchObject({
      ok: true,
      line: 7,
      product: { title: 'Desk lamp, 15" shade', description: 'Line one\nline two', price: '1299.00' },
    });
    expect(stray).toMatchObject({ ok: false, error: expect.stringMatching(/18 fields but the header has 16/) });
    expect(short).toMatchObject({ ok: true, product: { sourceId: 'SHORT-1', price: '7.50', currency: 'EUR' } });
    expect(noImage).toMatchObject({ ok: false, error: 'missing image link' });
  });

  it('reads the same rows from a byte stream cut at awkward places (inside UTF-8 characters, inside CRLF)', async () => {
    const bytes = Buffer.from(`\ufeff${FEED}`, 'utf8');
    const pieces: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 7) pieces.push(bytes.subarray(i, i + 7));
    const streamed = await collect(parseFeed(Readable.from(pieces)));
    const whole = await collect(parseFeed(FEED));
    expect(streamed).toEqual(whole);
  });

  it('accepts "g:"-prefixed and spaced header names', async () => {
    const feed =
      'g:id\tg:title\tg:link\tImage Link\tg:price\nA1\tHat\thttps://s.example/a1\thttps://c.example/a1.png\t10 CAD\n';
    const rows = await collect(parseFeed(feed));
    expect(rows).toMatchObject([
      { ok: true, line: 2, product: { sourceId: 'A1', imageUrl: 'https://c.example/a1.png', currency: 'CAD' } },
    ]);
  });

  it('reports a header without required columns once, at line 1', async () => {
    const rows = await collect(parseFeed('id\ttitle\tprice\n1\tHat\t10 USD\n', { format: 'gmc-tsv' }));
    expect(rows).toEqual([
      { ok: false, line: 1, error: expect.stringMatching(/lacks required column\(s\): link, image_link/) },
    ]);
  });

  it('uses the feed currency for prices without a code', async () => {
    const feed = 'id\ttitle\tlink\timage_link\tprice\nA1\tHat\thttps://s.example/a1\thttps://c.example/a1.png\t10.00\n';
    expect(await collect(parseFeed(feed, { currency: 'NOK' }))).toMatchObject([
      { ok: true, product: { price: '10.00', currency: 'NOK' } },
    ]);
    expect(await collect(parseFeed(feed))).toMatchObject([
      { ok: false, error: expect.stringMatching(/no currency code/) },
    ]);
  });
});
