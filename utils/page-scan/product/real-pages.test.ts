// @vitest-environment happy-dom
/**
 * The product each saved real page (tests/pages/real, see its README) must yield, read offline the
 * way the extension reads it: the content script's collector, the background's message schema,
 * then the product reader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ProductSourcesSchema } from '../wire/page-report';
import { collectProductSources, productFromSources } from './index';

const REAL = path.resolve(__dirname, '../../../tests/pages/real');

function productOfSavedPage(folder: string, url: string) {
  const html = readFileSync(path.join(REAL, folder, 'page.html'), 'utf8');
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
  const message = ProductSourcesSchema.parse(structuredClone(collectProductSources(document)));
  return productFromSources(message);
}

const EXECUTIVE_ANVIL = {
  source: 'microdata',
  name: 'Executive Anvil',
  brand: 'ACME',
  price: '119.99',
  currency: 'USD',
  availability: 'in_stock',
  sku: '925872',
  gtin: null,
  url: 'https://www.acme.test/anvil.html',
  images: ['https://www.acme.test/anvil_executive.jpg'],
};

describe('saved real pages', () => {
  it('extruct-product: schema.org’s Product microdata example', () => {
    expect(productOfSavedPage('extruct-product', 'https://www.acme.test/anvil.html')).toEqual(EXECUTIVE_ANVIL);
  });

  it('extruct-product-ref: the page’s own product among five Product items', () => {
    expect(productOfSavedPage('extruct-product-ref', 'https://www.acme.test/anvil.html')).toEqual(EXECUTIVE_ANVIL);
  });

  it('extruct-spinneys-twittercard: Twitter product cards only, so no product', () => {
    const url = 'https://www.spinneyslebanon.com/mevgal-bio-feta-cheese-200g.html';
    expect(productOfSavedPage('extruct-spinneys-twittercard', url)).toBeNull();
  });
});
