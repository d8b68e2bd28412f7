// @vitest-environment happy-dom
/**
 * Product data as shops really write it (issue 18): sloppy case, withdrawn currency codes,
 * the page's own product among many, more data than a message carries, og:url on another
 * route, icon glyphs in names. Each case goes through what the extension does: the content
 * script collects, the background's schema checks the message, the background reads it.
 */
import { describe, expect, it } from 'vitest';
import * as LIMITS from '../../contract/product-limits';
import { ProductSourcesSchema } from '../wire/page-report';
import { collectProductSources, productFromSources, sameShop } from './index';
import { ld, page } from './testing/page';

/** What the background makes of the page: the content script's message, checked by its schema, then read. */
function productSeenByBackground(doc: Document) {
  const checked = ProductSourcesSchema.safeParse(structuredClone(collectProductSources(doc)));
  if (!checked.success) throw new Error(`the background refuses the message: ${checked.error.message}`);
  return productFromSources(checked.data);
}

/** A "you may also like" tile, as themes mark each one up: a microdata Product with name, link and price. */
const recommendationTile = (i: number) => `
  <li class="product-tile" itemscope itemtype="http://schema.org/Product">
    <a itemprop="url" href="/p/other-${i}"><img itemprop="image" src="/img/other-${i}.jpg" alt=""></a>
    <span itemprop="name">Other thing ${i}</span>
    <span itemprop="offers" itemscope itemtype="http://schema.org/Offer">
      <meta itemprop="priceCurrency" content="EUR"><span itemprop="price">${10 + i}.00</span>
    </span>
  </li>`;

const ownMicrodata = `
  <div class="product-main" itemscope itemtype="http://schema.org/Product">
    <h1 itemprop="name">Oak Side Table</h1>
    <link itemprop="url" href="https://shop.test/p/oak-side-table">
    <img itemprop="image" src="/img/oak-side-table.jpg" alt="">
    <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
      <meta itemprop="priceCurrency" content="EUR"><span itemprop="price">249.00</span>
    </div>
  </div>`;

describe('types and properties in any case', () => {
  it('finds the canonical link whatever the case of its rel, among other rel words', () => {
    const doc = page(
      'https://shop.test/p/1?utm_source=mail',
      '<link rel="alternate" href="/p/1?lang=de"><link rel="Canonical preload" href="/p/oak-side-table">',
    );
    expect(collectProductSources(doc).canonical).toBe('https://shop.test/p/oak-side-table');
  });

  it('reads a JSON-LD "@type": "product" written in lower case', () => {
    const doc = page(
      'https://mebel.test/catalog/stul-12',
      ld({
        '@context': 'https://schema.org',
        '@type': 'product',
        name: 'Стул «Венский»',
        offers: { '@type': 'offer', price: '4990', pricecurrency: 'RUB', availability: 'InStock' },
      }),
    );
    expect(productSeenByBackground(doc)).toMatchObject({
      source: 'json-ld',
      name: 'Стул «Венский»',
      price: '4990',
      currency: 'RUB',
      availability: 'in_stock',
    });
  });

  it('reads microdata with a lower-case itemtype and itemprops ("pricecurrency")', () => {
    const doc = page(
      'https://mebel.test/catalog/stol-7',
      '',
      `<div itemscope itemtype="https://schema.org/product">
         <span itemprop="name">Стол обеденный</span>
         <div itemprop="offers" itemscope itemtype="https://schema.org/offer">
           <meta itemprop="pricecurrency" content="RUB"><meta itemprop="price" content="15990.00">
           <link itemprop="Availability" href="https://schema.org/OutOfStock">
         </div>
       </div>`,
    );
    expect(productSeenByBackground(doc)).toMatchObject({
      name: 'Стол обеденный',
      price: '15990.00',
      currency: 'RUB',
      availability: 'out_of_stock',
    });
  });
});

describe('withdrawn currency codes', () => {
  it('maps RUR (the ruble before 1998, still written by Russian shops) to RUB', () => {
    const doc = page(
      'https://mebel.test/catalog/kreslo-3',
      ld({ '@type': 'Product', name: 'Кресло', offers: { price: '12 990', priceCurrency: 'RUR' } }),
    );
    expect(productSeenByBackground(doc)).toMatchObject({ price: '12990', currency: 'RUB' });
  });

  it('maps BYR written in a price text to BYN', () => {
    const doc = page(
      'https://shop.test.by/p/1',
      '',
      `<div itemscope itemtype="https://schema.org/Product"><span itemprop="name">Чайник</span>
         <div itemprop="offers" itemscope itemtype="https://schema.org/Offer"><span itemprop="price">89,90 BYR</span></div></div>`,
    );
    expect(productSeenByBackground(doc)).toMatchObject({ price: '89.90', currency: 'BYN' });
  });
});

describe('the page’s own product among many', () => {
  it('keeps its own microdata product with 40 recommendations after it', () => {
    const tiles = Array.from({ length: 40 }, (_, i) => recommendationTile(i)).join('');
    const doc = page('https://shop.test/p/oak-side-table', '', `${ownMicrodata}<ul class="recs">${tiles}</ul>`);
    const sources = collectProductSources(doc);
    expect(sources.microdata).toHaveLength(LIMITS.MICRODATA_ITEMS);
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', price: '249.00', currency: 'EUR' });
  });

  it('keeps its own microdata product when 40 recommendations come before it (found by its url)', () => {
    const tiles = Array.from({ length: 40 }, (_, i) => recommendationTile(i)).join('');
    const doc = page('https://shop.test/p/oak-side-table', '', `<ul class="recs">${tiles}</ul>${ownMicrodata}`);
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', price: '249.00' });
  });

  it('chooses by the main heading when no item names the page’s URL', () => {
    const item = (name: string, price: string) => ({
      '@type': 'Product',
      name,
      offers: { price, priceCurrency: 'EUR' },
    });
    const doc = page(
      'https://shop.test/item.php?id=77',
      ld([item('Walnut Shelf', '89.00'), item('Oak Side Table', '249.00'), item('Birch Stool', '59.00')]),
      '<header><h1>Shop Test</h1></header><main><h1>Oak Side Table</h1></main>',
    );
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', price: '249.00' });
  });

  it('a heading that only contains the name still chooses it ("Oak Side Table – 60 cm" for "Oak Side Table")', () => {
    const item = (name: string) => ({ '@type': 'Product', name, offers: { price: '1.00', priceCurrency: 'EUR' } });
    const doc = page(
      'https://shop.test/item.php?id=77',
      ld([item('Walnut Shelf'), item('Oak Side Table')]),
      '<h1>Oak Side Table – 60 cm</h1>',
    );
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table' });
  });

  it('reads the heading only where there is product data to choose among: an article sends none', () => {
    const article = page('https://news.test/story', '', '<main><h1>A quiet street</h1><p>Text</p></main>');
    expect(collectProductSources(article).heading).toBeNull();
    const shop = page(
      'https://shop.test/p/1',
      '<meta property="og:type" content="product">',
      '<main><h1>Oak Side Table</h1></main>',
    );
    expect(collectProductSources(shop).heading).toBe('Oak Side Table');
  });
});

describe('limits the content script and the background share', () => {
  it('trims 25 JSON-LD scripts to the limit and keeps the one with the page’s product (the last)', () => {
    const others = Array.from({ length: 24 }, (_, i) =>
      ld({ '@type': 'Product', name: `Other thing ${i}`, url: `https://shop.test/p/other-${i}` }),
    ).join('');
    const own = ld({
      '@type': 'Product',
      name: 'Oak Side Table',
      url: 'https://shop.test/p/oak-side-table',
      offers: { price: '249.00', priceCurrency: 'EUR' },
    });
    const doc = page('https://shop.test/p/oak-side-table', others + own);
    expect(collectProductSources(doc).jsonLd).toHaveLength(LIMITS.JSON_LD_SCRIPTS);
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', price: '249.00' });
  });

  it('trims a JSON-LD script longer than the limit (thousands of reviews) instead of losing the product', () => {
    const reviews = Array.from({ length: 3000 }, (_, i) => ({
      '@type': 'Review',
      author: { '@type': 'Person', name: `Buyer ${i}` },
      reviewBody: 'Sturdy, looks great, arrived on time. '.repeat(3),
      reviewRating: { '@type': 'Rating', ratingValue: 5 },
    }));
    const doc = page(
      'https://shop.test/p/oak-side-table',
      ld({
        '@context': 'https://schema.org',
        '@graph': [
          { '@type': 'WebPage', name: 'Oak Side Table | Shop Test' },
          {
            '@type': 'Product',
            name: 'Oak Side Table',
            image: 'https://shop.test/img/oak-side-table.jpg',
            offers: { '@type': 'Offer', price: '249.00', priceCurrency: 'EUR' },
            review: reviews,
          },
        ],
      }),
    );
    const sent = collectProductSources(doc).jsonLd;
    expect(sent[0]!.length).toBeLessThanOrEqual(LIMITS.JSON_LD_CHARS);
    expect(productSeenByBackground(doc)).toMatchObject({
      name: 'Oak Side Table',
      price: '249.00',
      images: ['https://shop.test/img/oak-side-table.jpg'],
    });
  });

  it('trims a microdata description longer than a string may be', () => {
    const doc = page(
      'https://shop.test/p/oak-side-table',
      '',
      ownMicrodata.replace('</h1>', `</h1><div itemprop="description">${'Solid oak. '.repeat(3000)}</div>`),
    );
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', price: '249.00' });
  });

  it('keeps at most the limit of og:/product: meta tags', () => {
    const tags = Array.from({ length: 300 }, (_, i) => `<meta property="og:image" content="/img/${i}.jpg">`).join('');
    const doc = page(
      'https://shop.test/p/oak-side-table',
      `<meta property="og:type" content="product"><meta property="og:title" content="Oak Side Table">${tags}`,
    );
    expect(productSeenByBackground(doc)).toMatchObject({ source: 'opengraph', name: 'Oak Side Table' });
  });
});

describe('og:url on another route of the same shop', () => {
  const og = (url: string) => `
    <meta property="og:type" content="product"><meta property="og:title" content="Oak Side Table | Shop Test">
    <meta property="og:url" content="${url}">
    <meta property="product:price:amount" content="249.00"><meta property="product:price:currency" content="EUR">`;

  it('is accepted (a mobile host, another path), and the product keeps the page’s URL', () => {
    const doc = page(
      'https://www.shop.test/collections/tables/oak-side-table?colour=natural',
      og('https://m.shop.test/p/12345'),
      '<main><h1>Oak Side Table</h1></main>',
    );
    expect(productSeenByBackground(doc)).toMatchObject({
      source: 'opengraph',
      price: '249.00',
      url: 'https://www.shop.test/collections/tables/oak-side-table?colour=natural',
    });
  });

  it('is refused on another shop, even one on the same platform', () => {
    const elsewhere = page('https://www.shop.test/p/oak-side-table', og('https://copycat.test/p/oak-side-table'));
    expect(productSeenByBackground(elsewhere)).toBeNull();
    expect(sameShop('https://oak.myshopify.com/products/a', 'https://copycat.myshopify.com/products/a')).toBe(false);
    expect(sameShop('https://www.shop.co.uk/a', 'https://m.shop.co.uk/b')).toBe(true);
    expect(sameShop('http://127.0.0.1:5173/a', 'http://127.0.0.1:5173/b')).toBe(true);
  });
});

describe('names as they are drawn', () => {
  it('drops icon-font glyphs and whitespace runs from the name', () => {
    const doc = page(
      'https://shop.test/p/oak-side-table',
      '',
      `<div itemscope itemtype="https://schema.org/Product">
         <h1 itemprop="name"><i class="icon icon-heart">\ue87d</i>
           Oak&nbsp;&nbsp;Side
           Table <span class="badge">\u{f0176}</span></h1>
         <meta itemprop="brand" content="\ue001 Nordwood">
       </div>`,
    );
    expect(productSeenByBackground(doc)).toMatchObject({ name: 'Oak Side Table', brand: 'Nordwood' });
  });
});
