// @vitest-environment happy-dom
// Main images first: where each image sits (content script) and the order of the list (background).
import { beforeEach, describe, expect, it } from 'vitest';
import { rankImages } from './rank';
import { scan, setPage } from './testing/page';

beforeEach(() => setPage(''));

const paths = (urls: readonly { url: string }[]) => urls.map((r) => new URL(r.url).pathname);

describe('placement', () => {
  it('tells main content from chrome by area and by the image’s class or its id', () => {
    const { records } = scan(
      '<header><img src="/img/masthead.jpg" data-box="1200x200"></header>' +
        '<main><article><header><img src="/img/hero.jpg" data-box="900x500"></header>' +
        '<img class="author-avatar" src="/img/jane.jpg" data-box="120x120">' +
        '<img id="share-facebook" src="/img/f.png" data-box="120x120">' +
        '<footer><img src="/img/bio.jpg" data-box="200x200"></footer></article></main>' +
        '<div class="product-gallery"><img src="/img/shirt.jpg" data-box="500x500"></div>' +
        '<div><img src="/img/related.jpg" data-box="300x300"></div>' +
        '<aside><img src="/img/ad.jpg" data-box="300x250"></aside>' +
        '<a href="/"><img src="/img/site-logo.png" data-box="300x120"></a>',
    );
    expect(records.map((r) => [new URL(r.url).pathname, r.placement])).toEqual([
      ['/img/masthead.jpg', 'chrome'],
      ['/img/hero.jpg', 'main'],
      ['/img/jane.jpg', 'chrome'],
      ['/img/f.png', 'chrome'],
      ['/img/bio.jpg', 'chrome'],
      ['/img/shirt.jpg', 'main'],
      ['/img/related.jpg', 'other'],
      ['/img/ad.jpg', 'chrome'],
      ['/img/site-logo.png', 'other'], // named a logo by its file name only: the ranking reads that
    ]);
  });
});

describe('rankImages', () => {
  it('puts the product and main content first, chrome last (listed, not hidden), large and high before small and low', () => {
    const { records } = scan(
      '<header><img src="/img/logo-wide.png" data-box="1200x300" data-top="0"></header>' +
        '<article><img src="/img/photo-top.jpg" data-box="600x400" data-top="300">' +
        '<img src="/img/photo-low.jpg" data-box="600x400" data-top="9000">' +
        '<img src="/img/photo-small.jpg" data-box="300x200" data-top="900"></article>' +
        '<div><img src="/img/promo.jpg" data-box="1000x600" data-top="200"></div>' +
        '<div><img src="/img/shirt.jpg" data-box="200x200" data-top="5000"></div>',
    );
    const ranked = rankImages(records, ['https://shop.test/img/shirt.jpg']);
    expect(paths(ranked)).toEqual([
      '/img/photo-top.jpg',
      '/img/photo-small.jpg',
      '/img/photo-low.jpg',
      '/img/shirt.jpg',
      '/img/promo.jpg',
      '/img/logo-wide.png',
    ]);
  });

  it('puts an image whose alt text or file name names chrome last, wherever it sits', () => {
    const { records } = scan(
      '<main><img src="/brand/logo.svg" data-box="600x200" data-top="0">' +
        '<img src="/img/s.png" alt="Share on social media" data-box="400x400" data-top="0">' +
        '<img src="/img/geologos-map.jpg" data-box="300x300" data-top="500">' +
        '<img src="/img/catalogue.jpg?v=logo" data-box="200x200" data-top="900"></main>' +
        '<div><img src="/img/related.jpg" data-box="200x200" data-top="2000"></div>',
    );
    // The page placed them all by area; the alt text and file name are read here.
    expect(records.map((r) => r.placement)).toEqual(['main', 'main', 'main', 'main', 'other']);
    // A word inside a longer one ("geologos") or in the query does not count.
    expect(paths(rankImages(records))).toEqual([
      '/img/geologos-map.jpg',
      '/img/catalogue.jpg',
      '/img/related.jpg',
      '/img/s.png',
      '/brand/logo.svg',
    ]);
  });

  it('never lists a tracking pixel, whatever size it claims', () => {
    const { records } = scan(
      '<img src="https://www.facebook.com/tr?id=1&ev=PageView" data-loading>' +
        '<img src="https://stats.g.doubleclick.net/r/collect?v=1" data-box="300x300">' +
        '<img src="https://shop.test/img/photo.jpg" data-box="300x300">',
    );
    expect(paths(rankImages(records))).toEqual(['/img/photo.jpg']);
  });
});
