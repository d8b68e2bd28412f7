// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { ImageRecord } from '../types';
import { CapturedProductSchema } from '../../contract/captured-product';
import { isStorableText } from '../../contract/text';
import {
  collectProductSources,
  toCapturedProduct,
  normalizeAvailability,
  normalizeCurrency,
  normalizePrice,
  ogUrlMatchesPage,
  parseJsonLd,
  productFromSources,
  productImageUrls,
  readProduct,
} from './index';
import { ld, page } from './testing/page';

// Shopify (Dawn-era `structured_data` filter): ProductGroup with hasVariant.
const SHOPIFY_GROUP = {
  '@context': 'http://schema.org/',
  '@id': '/products/linen-shirt#product',
  '@type': 'ProductGroup',
  brand: { '@type': 'Brand', name: 'Loom &amp; Co' },
  category: 'Shirts',
  description: 'A shirt.',
  hasVariant: [
    {
      '@id': '/products/linen-shirt?variant=1#variant',
      '@type': 'Product',
      gtin: '0123456789012',
      image: 'https://shop.test/cdn/shop/files/shirt-white.jpg?v=1700&width=1920',
      name: 'Linen Shirt - White / S',
      offers: {
        '@id': '/products/linen-shirt?variant=1#offer',
        '@type': 'Offer',
        availability: 'http://schema.org/OutOfStock',
        price: '89.00',
        priceCurrency: 'EUR',
        url: 'https://shop.test/products/linen-shirt?variant=1',
      },
      sku: 'LS-W-S',
    },
    {
      '@id': '/products/linen-shirt?variant=2#variant',
      '@type': 'Product',
      gtin: '0123456789029',
      image: 'https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700&width=1920',
      name: 'Linen Shirt - Blue / S',
      offers: {
        '@id': '/products/linen-shirt?variant=2#offer',
        '@type': 'Offer',
        availability: 'http://schema.org/InStock',
        price: '95.00',
        priceCurrency: 'EUR',
        url: 'https://shop.test/products/linen-shirt?variant=2',
      },
      sku: 'LS-B-S',
    },
  ],
  name: 'Linen Shirt',
  productGroupID: '8000',
  url: 'https://shop.test/products/linen-shirt',
};

// Older Shopify themes (Debut): Product with one Offer per variant.
const SHOPIFY_DEBUT = {
  '@context': 'http://schema.org/',
  '@type': 'Product',
  name: 'Canvas Tote',
  url: 'https://shop.test/products/canvas-tote',
  image: ['https://shop.test/cdn/shop/products/tote_1024x1024.jpg?v=16'],
  description: 'Tote.',
  sku: 'TOTE-1',
  brand: { '@type': 'Thing', name: 'Loom' },
  offers: [
    {
      '@type': 'Offer',
      sku: 'TOTE-1',
      availability: 'http://schema.org/SoldOut',
      price: '35.00',
      priceCurrency: 'USD',
      url: 'https://shop.test/products/canvas-tote?variant=11',
    },
    {
      '@type': 'Offer',
      sku: 'TOTE-2',
      availability: 'http://schema.org/InStock',
      price: '39.00',
      priceCurrency: 'USD',
      url: 'https://shop.test/products/canvas-tote?variant=12',
    },
  ],
};

// WooCommerce: @graph with BreadcrumbList + Product, priceSpecification, HTML entities.
const WOO = {
  '@context': 'https://schema.org/',
  '@graph': [
    {
      '@context': 'https://schema.org/',
      '@type': 'BreadcrumbList',
      itemListElement: [{ '@type': 'ListItem', position: 1, item: { name: 'Shop', '@id': 'https://wp.test/shop/' } }],
    },
    {
      '@context': 'https://schema.org/',
      '@type': 'Product',
      '@id': 'https://wp.test/product/hoodie/#product',
      name: 'Hoodie &#8211; Blue',
      url: 'https://wp.test/product/hoodie/',
      description: 'Cosy.',
      image: 'https://wp.test/wp-content/uploads/2024/05/hoodie.jpg',
      sku: 'woo-hoodie',
      offers: [
        {
          '@type': 'Offer',
          priceSpecification: [
            {
              '@type': 'UnitPriceSpecification',
              price: '55.00',
              priceCurrency: 'USD',
              priceType: 'https://schema.org/ListPrice',
            },
            { '@type': 'UnitPriceSpecification', price: '45.00', priceCurrency: 'USD', valueAddedTaxIncluded: false },
          ],
          availability: 'http://schema.org/BackOrder',
          url: 'https://wp.test/product/hoodie/',
          seller: { '@type': 'Organization', name: 'WP Shop', url: 'https://wp.test' },
        },
      ],
      aggregateRating: { '@type': 'AggregateRating', ratingValue: '4.50', reviewCount: 2 },
      review: [{ '@type': 'Review', author: { '@type': 'Person', name: 'A' }, reviewBody: 'Nice' }],
    },
  ],
};

// Woo variable product: AggregateOffer.
const WOO_VARIABLE = {
  '@context': 'https://schema.org/',
  '@type': 'Product',
  name: 'V-Neck T-Shirt',
  image: '/wp-content/uploads/vneck.jpg',
  offers: [
    {
      '@type': 'AggregateOffer',
      lowPrice: '15.00',
      highPrice: '20.00',
      offerCount: 3,
      priceCurrency: 'GBP',
      availability: 'https://schema.org/PreOrder',
    },
  ],
};

// Magento-like JSON-LD: numeric price, lowercase currency, cache path image.
const MAGENTO = {
  '@context': 'http://schema.org',
  '@type': 'Product',
  name: 'Joust Duffle Bag',
  sku: '24-MB01',
  image: 'https://m.test/media/catalog/product/cache/0f831c1845fc143d00d6d1ebc49f446a/m/b/mb01-blue-0.jpg',
  brand: { '@type': 'Brand', name: 'Luma' },
  offers: {
    '@type': 'Offer',
    priceCurrency: 'usd',
    price: 34,
    availability: 'https://schema.org/InStock',
    url: 'https://m.test/joust-duffle-bag.html',
  },
  gtin13: '4006381333931',
};

describe('JSON-LD', () => {
  it('Shopify ProductGroup: picks the variant the page shows (?variant=2)', () => {
    const doc = page('https://shop.test/products/linen-shirt?variant=2', ld(SHOPIFY_GROUP));
    expect(readProduct(doc)).toEqual({
      source: 'json-ld',
      name: 'Linen Shirt',
      brand: 'Loom & Co',
      price: '95.00',
      currency: 'EUR',
      availability: 'in_stock',
      sku: 'LS-B-S',
      gtin: '0123456789029',
      url: 'https://shop.test/products/linen-shirt',
      images: [
        'https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700&width=1920',
        'https://shop.test/cdn/shop/files/shirt-white.jpg?v=1700&width=1920',
      ],
    });
  });

  it('Shopify ProductGroup without a variant in the URL: first in-stock variant', () => {
    const doc = page('https://shop.test/products/linen-shirt', ld(SHOPIFY_GROUP));
    expect(readProduct(doc)).toMatchObject({ sku: 'LS-B-S', price: '95.00', availability: 'in_stock' });
  });

  it('Shopify Debut: offer matching the page URL', () => {
    const doc = page('https://shop.test/products/canvas-tote?variant=11', ld(SHOPIFY_DEBUT));
    expect(readProduct(doc)).toMatchObject({
      name: 'Canvas Tote',
      brand: 'Loom',
      price: '35.00',
      currency: 'USD',
      availability: 'out_of_stock',
      sku: 'TOTE-1',
    });
  });

  it('WooCommerce @graph, priceSpecification (not the list price), entities decoded', () => {
    const doc = page('https://wp.test/product/hoodie/', ld(WOO));
    expect(readProduct(doc)).toEqual({
      source: 'json-ld',
      name: 'Hoodie – Blue',
      brand: null,
      price: '45.00',
      currency: 'USD',
      availability: 'backorder',
      sku: 'woo-hoodie',
      gtin: null,
      url: 'https://wp.test/product/hoodie/',
      images: ['https://wp.test/wp-content/uploads/2024/05/hoodie.jpg'],
    });
  });

  it('WooCommerce variable product: AggregateOffer lowPrice, relative image resolved, canonical link', () => {
    const doc = page(
      'https://wp.test/product/vneck/?attribute_size=m',
      `<link rel="canonical" href="/product/vneck/">${ld(WOO_VARIABLE)}`,
    );
    expect(readProduct(doc)).toMatchObject({
      price: '15.00',
      currency: 'GBP',
      availability: 'preorder',
      url: 'https://wp.test/product/vneck/',
      images: ['https://wp.test/wp-content/uploads/vneck.jpg'],
    });
  });

  it('Magento-like: numeric price, lowercase currency, gtin13', () => {
    const doc = page('https://m.test/joust-duffle-bag.html', ld(MAGENTO));
    expect(readProduct(doc)).toMatchObject({
      name: 'Joust Duffle Bag',
      brand: 'Luma',
      price: '34',
      currency: 'USD',
      availability: 'in_stock',
      sku: '24-MB01',
      gtin: '4006381333931',
    });
  });

  it('nested mainEntity of a WebPage, schema.org URL types, arrays of scripts', () => {
    const doc = page(
      'https://x.test/p/lamp',
      ld({ '@context': 'https://schema.org', '@type': 'Organization', name: 'X' }) +
        ld([
          {
            '@type': 'WebPage',
            mainEntity: {
              '@type': ['https://schema.org/Product'],
              name: 'Lamp',
              offers: { '@type': 'http://schema.org/Offer', price: '1,299.00', priceCurrency: 'eur ' },
            },
          },
        ]),
    );
    expect(readProduct(doc)).toMatchObject({ name: 'Lamp', price: '1299.00', currency: 'EUR' });
  });

  it('ignores products inside ItemLists (category pages)', () => {
    const doc = page(
      'https://x.test/c/lamps',
      ld({
        '@type': 'ItemList',
        itemListElement: [{ '@type': 'ListItem', item: { '@type': 'Product', name: 'Lamp' } }],
      }),
    );
    expect(readProduct(doc)).toBeNull();
  });

  it('prefers the product whose url is the page over related products', () => {
    const doc = page(
      'https://x.test/p/b',
      ld([
        { '@type': 'Product', name: 'A', url: '/p/a', offers: { price: 1 } },
        { '@type': 'Product', name: 'B', url: '/p/b' },
      ]),
    );
    expect(readProduct(doc)?.name).toBe('B');
  });

  it('malformed JSON-LD is ignored without breaking the other sources', () => {
    const doc = page(
      'https://x.test/p/mug',
      `<script type="application/ld+json">{ "@type": "Product", "name": "Broken", }</script>
       <script type="application/ld+json">not json at all</script>
       <script type="application/ld+json"></script>
       <meta property="og:type" content="product"><meta property="og:title" content="Mug">
       <meta property="product:price:amount" content="12.50"><meta property="product:price:currency" content="GBP">`,
    );
    expect(readProduct(doc)).toMatchObject({ source: 'opengraph', name: 'Mug', price: '12.50', currency: 'GBP' });
  });

  it('recovers JSON-LD with raw newlines in strings and HTML comment wrappers', () => {
    expect(parseJsonLd('<!-- {"@type":"Product","name":"Line\none"} -->')).toEqual({
      '@type': 'Product',
      name: 'Line one',
    });
    expect(parseJsonLd('{')).toBeUndefined();
  });

  it('survives hostile shapes', () => {
    const doc = page(
      'https://x.test/p/q',
      ld({
        '@type': 'Product',
        name: { '@value': 'Q' },
        brand: [null, 3],
        image: [{ url: ['/a.jpg', 42] }, null, 'javascript:alert(1)'],
        offers: [null, 'x', { price: { nested: true } }],
      }),
    );
    expect(readProduct(doc)).toMatchObject({ name: 'Q', brand: null, price: null, images: ['https://x.test/a.jpg'] });
  });
});

describe('microdata', () => {
  const MAGENTO_MICRODATA = `
    <div class="product-info-main" itemscope itemtype="http://schema.org/Product">
      <h1 class="page-title"><span itemprop="name">Joust   Duffle Bag</span></h1>
      <div class="product attribute sku"><div class="value" itemprop="sku">24-MB01</div></div>
      <div itemprop="offers" itemscope itemtype="http://schema.org/Offer" class="price-final_price">
        <span class="price">$34.00</span>
        <meta itemprop="price" content="34.00">
        <meta itemprop="priceCurrency" content="USD">
        <link itemprop="availability" href="http://schema.org/InStock">
      </div>
      <div itemprop="brand" itemscope itemtype="https://schema.org/Brand"><meta itemprop="name" content="Luma"></div>
      <img itemprop="image" src="/media/catalog/product/m/b/mb01-blue-0.jpg" alt="">
      <span itemprop="gtin13" content="4006381333931"></span>
      <div class="related" itemscope itemtype="http://schema.org/Product"><span itemprop="name">Related bag</span><meta itemprop="sku" content="R-1"></div>
    </div>`;

  it('Magento Luma-style microdata, nested Offer and Brand, related product ignored', () => {
    const doc = page('https://m.test/joust-duffle-bag.html', '', MAGENTO_MICRODATA);
    expect(readProduct(doc)).toEqual({
      source: 'microdata',
      name: 'Joust Duffle Bag',
      brand: 'Luma',
      price: '34.00',
      currency: 'USD',
      availability: 'in_stock',
      sku: '24-MB01',
      gtin: '4006381333931',
      url: 'https://m.test/joust-duffle-bag.html',
      images: ['https://m.test/media/catalog/product/m/b/mb01-blue-0.jpg'],
    });
  });

  it('text-only price with a symbol and European separators', () => {
    const doc = page(
      'https://d.test/p',
      '',
      `<div itemscope itemtype="https://schema.org/Product"><h1 itemprop="name">Stuhl</h1><div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">1.299,00 €</span><span itemprop="availability">Out of stock</span></div></div>`,
    );
    expect(readProduct(doc)).toMatchObject({ price: '1299.00', currency: 'EUR', availability: 'out_of_stock' });
  });

  it('JSON-LD wins over microdata; microdata fills gaps for the same product', () => {
    const doc = page(
      'https://m.test/joust-duffle-bag.html',
      ld({ '@type': 'Product', name: 'Joust Duffle Bag', sku: '24-MB01' }),
      MAGENTO_MICRODATA,
    );
    expect(readProduct(doc)).toMatchObject({ source: 'json-ld', price: '34.00', currency: 'USD', brand: 'Luma' });
  });
});

describe('OpenGraph', () => {
  const SHOPIFY_OG = `
    <meta property="og:site_name" content="Loom">
    <meta property="og:url" content="https://shop.test/products/linen-shirt">
    <meta property="og:title" content="Linen Shirt">
    <meta property="og:type" content="product">
    <meta property="og:image" content="http://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700">
    <meta property="og:image:secure_url" content="https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700">
    <meta property="og:price:amount" content="1.299,00">
    <meta property="og:price:currency" content="EUR">`;

  it('Shopify og:price tags', () => {
    const doc = page('https://shop.test/collections/summer/products/linen-shirt?variant=2', SHOPIFY_OG);
    expect(readProduct(doc)).toEqual({
      source: 'opengraph',
      name: 'Linen Shirt',
      brand: null,
      price: '1299.00',
      currency: 'EUR',
      availability: 'unknown',
      sku: null,
      gtin: null,
      url: 'https://shop.test/products/linen-shirt',
      images: [
        'https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700',
        'http://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700',
      ],
    });
  });

  it('Facebook product: tags', () => {
    const doc = page(
      'https://f.test/item/9',
      `
      <meta property="og:type" content="og:product"><meta property="og:title" content="Vase">
      <meta property="product:price:amount" content="$12.99"><meta property="product:price:currency" content="usd">
      <meta property="product:availability" content="in stock"><meta property="product:brand" content="Clay">
      <meta property="product:retailer_item_id" content="V-9"><meta property="product:ean" content="4006381333931">`,
    );
    expect(readProduct(doc)).toMatchObject({
      name: 'Vase',
      price: '12.99',
      currency: 'USD',
      availability: 'in_stock',
      brand: 'Clay',
      sku: 'V-9',
      gtin: '4006381333931',
    });
  });

  it('ignored when og:url and og:title contradict the page (stale SPA head)', () => {
    const doc = page('https://shop.test/products/other-thing', SHOPIFY_OG, '<main><h1>Other Thing</h1></main>');
    expect(readProduct(doc)).toBeNull();
  });

  it('ignored when the page is not a product', () => {
    const doc = page(
      'https://blog.test/post',
      '<meta property="og:type" content="article"><meta property="og:title" content="Post">',
    );
    expect(readProduct(doc)).toBeNull();
  });

  it('ogUrlMatchesPage normalisation', () => {
    expect(ogUrlMatchesPage('https://www.shop.test/products/a/', 'http://shop.test/products/a?x=1#y')).toBe(true);
    expect(ogUrlMatchesPage('https://shop.test/products/a', 'https://shop.test/collections/c/products/a')).toBe(true);
    expect(ogUrlMatchesPage('https://shop.test/products/a', 'https://shop.test/products/b')).toBe(false);
    expect(ogUrlMatchesPage('https://other.test/products/a', 'https://shop.test/products/a')).toBe(false);
    expect(ogUrlMatchesPage('https://shop.test/', 'https://shop.test/products/a')).toBe(false);
  });

  it('JSON-LD beats OpenGraph; OG images of the same product are added', () => {
    const doc = page('https://shop.test/products/linen-shirt?variant=2', ld(SHOPIFY_GROUP) + SHOPIFY_OG);
    const p = readProduct(doc)!;
    expect(p).toMatchObject({ source: 'json-ld', price: '95.00' });
    expect(p.images).toContain('https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700');
  });
});

describe('normalisers', () => {
  it.each([
    ['1299.00', '1299.00'],
    ['1.299,00', '1299.00'],
    ['$12.99', '12.99'],
    ['1,299.00', '1299.00'],
    ['1,299', '1299'],
    ['12,99', '12.99'],
    ['12,5', '12.5'],
    ['1 299,00 €', '1299.00'],
    ["CHF 1'299.50", '1299.50'],
    ['1.234.567', '1234567'],
    ['USD 45', '45'],
    ['0.00', '0.00'],
    [12.5, '12.5'],
    [34, '34'],
    ['', null],
    ['free', null],
    [-5, null],
    [null, null],
  ] as const)('price %j → %j', (input, out) => {
    expect(normalizePrice(input)).toBe(out);
  });

  it('currency: uppercase 3 letters or dropped', () => {
    expect(normalizeCurrency(' eur ')).toBe('EUR');
    expect(normalizeCurrency('€')).toBeNull();
    expect(normalizeCurrency('US Dollar')).toBeNull();
    expect(normalizeCurrency('USDT')).toBeNull();
  });

  it('availability from schema.org URLs and text', () => {
    expect(normalizeAvailability('https://schema.org/InStock')).toBe('in_stock');
    expect(normalizeAvailability('http://schema.org/LimitedAvailability')).toBe('in_stock');
    expect(normalizeAvailability('schema:OutOfStock')).toBe('out_of_stock');
    expect(normalizeAvailability('SoldOut')).toBe('out_of_stock');
    expect(normalizeAvailability('Discontinued')).toBe('out_of_stock');
    expect(normalizeAvailability('https://schema.org/PreOrder')).toBe('preorder');
    expect(normalizeAvailability('pre-order')).toBe('preorder');
    expect(normalizeAvailability('BackOrder')).toBe('backorder');
    expect(normalizeAvailability('oos')).toBe('out_of_stock');
    expect(normalizeAvailability('maybe')).toBe('unknown');
    expect(normalizeAvailability(undefined)).toBe('unknown');
  });
});

describe('sources split and image linking', () => {
  it('collectProductSources is plain data that survives structured cloning', () => {
    const doc = page(
      'https://shop.test/products/linen-shirt?variant=2#x',
      ld(SHOPIFY_GROUP) + ld({ '@type': 'Organization' }),
    );
    const src = collectProductSources(doc);
    expect(src.pageUrl).toBe('https://shop.test/products/linen-shirt?variant=2');
    expect(src.jsonLd).toHaveLength(1); // scripts not mentioning a product are not shipped
    expect(productFromSources(structuredClone(src))).toEqual(readProduct(doc));
  });

  it('links the product to the scanned images that show it', () => {
    const rec = (url: string) => ({ url }) as ImageRecord;
    const product = readProduct(page('https://shop.test/products/linen-shirt?variant=2', ld(SHOPIFY_GROUP)))!;
    const records = [
      rec('https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700&width=600'),
      rec('https://shop.test/cdn/shop/files/shirt-white.jpg?v=1700&width=1920'),
      rec('https://shop.test/cdn/shop/files/shirt-white_300x.jpg?v=1700'),
      rec('https://shop.test/cdn/shop/files/banner.jpg?v=1700'),
      rec('https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1800'),
    ];
    expect(productImageUrls(product, records)).toEqual([
      'https://shop.test/cdn/shop/files/shirt-blue.jpg?v=1700&width=600',
      'https://shop.test/cdn/shop/files/shirt-white.jpg?v=1700&width=1920',
      'https://shop.test/cdn/shop/files/shirt-white_300x.jpg?v=1700',
    ]);
  });
});

describe('toCapturedProduct', () => {
  it('produces what the API contract accepts', () => {
    const doc = page('https://shop.test/products/linen-shirt?variant=2', ld(SHOPIFY_GROUP));
    const captured = toCapturedProduct(readProduct(doc)!);
    expect(CapturedProductSchema.parse(captured)).toEqual(captured);
    expect(captured).toMatchObject({ name: 'Linen Shirt', price: '95.00', currency: 'EUR', sku: 'LS-B-S' });
    expect(captured).not.toHaveProperty('source');
  });

  it('drops what the contract would refuse, requires a name', () => {
    const base = {
      source: 'json-ld',
      name: 'X',
      brand: null,
      price: '1.23456',
      currency: 'EUR',
      availability: 'unknown',
      sku: null,
      gtin: null,
      url: 'ftp://x',
      images: ['data:image/png;base64,AAA', 'https://x.test/a.jpg'],
    } as const;
    const c = toCapturedProduct({ ...base, images: [...base.images] })!;
    expect(CapturedProductSchema.parse(c)).toEqual(c);
    expect(c).toEqual({ name: 'X', availability: 'unknown', images: ['https://x.test/a.jpg'] });
    expect(toCapturedProduct({ ...base, name: null, images: [] })).toBeNull();
  });

  it('never forwards what the server cannot store: NUL, controls, lone surrogates, a pair cut in two', () => {
    // A page's JSON-LD may spell them as escapes; JSON.parse turns them into the characters.
    const json = JSON.stringify({
      '@context': 'https://schema.org',
      '@type': 'Product',
      name: `Lamp${'\u0000'}\u0001 brass\ud800${'😀'.repeat(400)}`,
      brand: 'Lu\u0000men\udfff',
      sku: 'L\u0085-1',
      offers: { '@type': 'Offer', price: '10.00', priceCurrency: 'EUR' },
    });
    const doc = page('https://shop.test/lamp', `<script type="application/ld+json">${json}</script>`);
    const captured = toCapturedProduct(readProduct(doc)!)!;
    expect(CapturedProductSchema.parse(captured)).toEqual(captured);
    for (const value of [captured.name, captured.brand, captured.sku])
      expect(isStorableText(value!) && !/\p{Cc}/u.test(value!), JSON.stringify(value)).toBe(true);
    expect(captured).toMatchObject({ brand: 'Lu men', sku: 'L -1' });
    expect(captured.name).toMatch(/^Lamp brass😀+…$/u);
  });
});
