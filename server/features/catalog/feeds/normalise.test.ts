import { describe, expect, it } from 'vitest';

import { hasValidGtinCheckDigit, ProductSchema } from '../../../../utils/contract/products';
import { compareDecimal, normaliseProduct, parseMoney, type RawProduct } from './normalise';
import { decodeEntities, htmlToLine, htmlToText } from './text';

describe('parseMoney', () => {
  it.each([
    ['15.00 USD', { amount: '15.00', currency: 'USD' }],
    ['15 usd', { amount: '15', currency: 'USD' }],
    ['USD 15.00', { amount: '15.00', currency: 'USD' }],
    ['15.00USD', { amount: '15.00', currency: 'USD' }],
    ['1,299.00 USD', { amount: '1299.00', currency: 'USD' }],
    ['1.299,00 EUR', { amount: '1299.00', currency: 'EUR' }],
    ['1 299,00 EUR', { amount: '1299.00', currency: 'EUR' }],
    ["1'299.50 CHF", { amount: '1299.50', currency: 'CHF' }],
    ['12,50 EUR', { amount: '12.50', currency: 'EUR' }],
    ['1,299,000 JPY', { amount: '1299000', currency: 'JPY' }],
    ['0.5', { amount: '0.5' }],
    ['007.10 GBP', { amount: '7.10', currency: 'GBP' }],
    ['3.125 KWD', { amount: '3.125', currency: 'KWD' }],
  ])('%s', (text, expected) => {
    expect(parseMoney(text)).toEqual(expected);
  });

  it.each([
    ['-5.00 USD', /negative/],
    ['$15.00', /ISO 4217/],
    ['15.00 USX', /unknown currency code "USX"/],
    ['15.00 US', /ISO 4217/],
    ['EUR 15.00 USD', /two currency codes/],
    ['ten USD', /ISO 4217/],
    ['1.2.3,4,5 USD', /not a valid amount/],
    ['15.12345 USD', /not a valid amount/],
    ['', /ISO 4217/],
  ])('rejects %j', (text, error) => {
    const result = parseMoney(text);
    expect('error' in result && result.error).toMatch(error);
  });
});

describe('compareDecimal', () => {
  it('compares without floats', () => {
    expect(compareDecimal('10', '9.99')).toBeGreaterThan(0);
    expect(compareDecimal('9.9', '9.90')).toBe(0);
    expect(compareDecimal('0.1', '0.09')).toBeGreaterThan(0);
    expect(compareDecimal('100000000000000.01', '100000000000000.02')).toBeLessThan(0);
  });
});

describe('GTIN check digit', () => {
  it('accepts real EAN-13, UPC-A, EAN-8 and GTIN-14 and rejects a typo', () => {
    expect(hasValidGtinCheckDigit('4006381333931')).toBe(true); // EAN-13
    expect(hasValidGtinCheckDigit('036000291452')).toBe(true); // UPC-A
    expect(hasValidGtinCheckDigit('96385074')).toBe(true); // EAN-8
    expect(hasValidGtinCheckDigit('10614141000415')).toBe(true); // GTIN-14
    expect(hasValidGtinCheckDigit('4006381333932')).toBe(false);
  });
});

describe('text clean-up', () => {
  it('decodes named, decimal and hex entities, leaving unknown names and unterminated ones alone', () => {
    expect(decodeEntities('Caf&eacute; &amp; cr&#232;me &#x2014; 10&nbsp;cm &bogus; ?a=1&copy=2')).toBe(
      'Café & crème — 10\u00a0cm &bogus; ?a=1&copy=2',
    );
    expect(decodeEntities('&#0; &#xD800; &#x110000;')).toBe('\ufffd \ufffd \ufffd');
  });

  it('turns HTML into plain text with line breaks where blocks were', () => {
    const html =
      '<p>Soft <b>merino</b> &amp; silk.</p><ul><li>Machine wash</li><li>Made in EU</li></ul><script>alert(1)</script><style>p{}</style>';
    expect(htmlToText(html)).toBe('Soft merino & silk.\nMachine wash\nMade in EU');
    expect(htmlToLine('<h1>Linen\n  shirt</h1>')).toBe('Linen shirt');
    expect(htmlToText('I <3 cats & 2 < 3')).toBe('I <3 cats & 2 < 3');
  });
});

describe('normaliseProduct', () => {
  const base: RawProduct = {
    sourceId: 'SKU-1',
    title: 'Linen shirt',
    link: 'https://shop.example.com/p/1',
    imageUrl: 'https://cdn.example.com/1.jpg',
    price: '49.00 EUR',
  };

  it('builds a valid Product with defaults', () => {
    const result = normaliseProduct(base);
    expect(result).toEqual({
      ok: true,
      warnings: [],
      product: {
        sourceId: 'SKU-1',
        title: 'Linen shirt',
        link: 'https://shop.example.com/p/1',
        imageUrl: 'https://cdn.example.com/1.jpg',
        additionalImageUrls: [],
        price: '49.00',
        currency: 'EUR',
        availability: 'unknown',
      },
    });
    if (result.ok) expect(ProductSchema.parse(result.product)).toEqual(result.product);
  });

  it('lists every missing or invalid required field at once', () => {
    const result = normaliseProduct({
      link: 'javascript:alert(1)',
      imageUrl: 'data:image/png;base64,AAAA',
      price: 'free',
    });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toContain('missing id');
      expect(result.error).toContain('missing title');
      expect(result.error).toContain('link is not an http(s) URL');
      expect(result.error).toContain('image link is not an http(s) URL');
      expect(result.error).toContain('price "free"');
    }
  });

  it('needs a currency from the price, the row or the feed default', () => {
    expect(normaliseProduct({ ...base, price: '49.00' })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/no currency/),
    });
    expect(normaliseProduct({ ...base, price: '49.00', currency: 'sek' })).toMatchObject({
      ok: true,
      product: { currency: 'SEK' },
    });
    expect(normaliseProduct({ ...base, price: '49.00' }, 'GBP')).toMatchObject({
      ok: true,
      product: { currency: 'GBP' },
    });
    expect(normaliseProduct({ ...base, price: '49.00' }, 'XYZ')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/unknown currency/),
    });
  });

  it('drops bad optional fields with a warning instead of losing the product', () => {
    const result = normaliseProduct({
      ...base,
      salePrice: '59.00 EUR',
      gtin: '4006381333932',
      availability: 'ask us',
      additionalImageUrls: [
        'https://cdn.example.com/2.jpg',
        'ftp://cdn.example.com/3.jpg',
        'https://cdn.example.com/1.jpg',
        'https://cdn.example.com/2.jpg',
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.product.salePrice).toBeUndefined();
    expect(result.product.gtin).toBeUndefined();
    expect(result.product.availability).toBe('unknown');
    expect(result.product.additionalImageUrls).toEqual(['https://cdn.example.com/2.jpg']);
    expect(result.warnings).toEqual([
      'sale price 59.00 ignored: not below the price',
      'additional image ignored, not an http(s) URL: "ftp://cdn.example.com/3.jpg"',
      'unknown availability "ask us", stored as "unknown"',
      'GTIN "4006381333932" ignored: not a valid GTIN-8/12/13/14',
    ]);
  });

  it('refuses a sale price in another currency', () => {
    const result = normaliseProduct({ ...base, salePrice: '39.00 USD' });
    expect(result).toMatchObject({ ok: true, warnings: [expect.stringMatching(/currency USD differs/)] });
  });

  it('shortens an absurdly long title and keeps a valid GTIN with spaces', () => {
    const result = normaliseProduct({ ...base, title: 'x'.repeat(900), gtin: '4006381 333931' });
    expect(result).toMatchObject({ ok: true, product: { gtin: '4006381333931' } });
    if (result.ok) expect(result.product.title).toHaveLength(500);
  });
});
