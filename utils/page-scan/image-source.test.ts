// @vitest-environment happy-dom
// Which URL an element shows: srcset, <picture>, lazy attributes, CSS backgrounds, posters and SVG images.
import { beforeEach, describe, expect, it } from 'vitest';
import { cssImageUrl } from './image-source';
import { big, scan, setPage } from './testing/page';

beforeEach(() => setPage(''));

describe('<img>', () => {
  it('resolves against <base href>', () => {
    const { urls } = scan(`<img src="a/shirt.jpg" ${big}>`, '<base href="https://cdn.shop.test/assets/">');
    expect(urls).toEqual(['https://cdn.shop.test/assets/a/shirt.jpg']);
  });

  it('offers the largest srcset candidate (w descriptors), with its natural width', () => {
    const { records } = scan(
      `<img src="s.jpg" srcset="s.jpg 400w, xl.jpg 1600w, m.jpg 800w" sizes="400px" data-box="400x300" data-natural="400x300">`,
    );
    expect(records[0]).toMatchObject({
      url: 'https://shop.test/products/xl.jpg',
      naturalWidth: 1600,
      naturalHeight: 1200,
    });
  });

  it('natural size of an x-descriptor candidate undoes the density the browser applied', () => {
    const { records } = scan(
      `<img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x" ${big} data-natural="400x300" data-current="a@2x.jpg">`,
    );
    expect(records[0]).toMatchObject({
      url: 'https://shop.test/products/a@2x.jpg',
      naturalWidth: 800,
      naturalHeight: 600,
    });
  });

  it('offers the largest srcset candidate (x descriptors)', () => {
    const { urls } = scan(`<img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x, a@3x.jpg 3x" ${big}>`);
    expect(urls).toEqual(['https://shop.test/products/a@3x.jpg']);
  });
});

describe('<picture>', () => {
  const picture = (imgAttrs: string) => `
    <picture>
      <source media="(min-width: 1000px)" type="image/avif" srcset="/wide-800.avif 800w, /wide-1600.avif 1600w">
      <source media="(max-width: 999px)" srcset="/narrow-400.jpg 400w, /narrow-900.jpg 900w">
      <img src="/fallback.jpg" alt="Chair" ${imgAttrs}>
    </picture>`;

  it('not loaded: the first matching <source>, largest candidate', () => {
    const { records } = scan(picture(big), '', ['(max-width: 999px)']);
    expect(records.map((r) => [r.url, r.source, r.alt])).toEqual([
      ['https://shop.test/narrow-900.jpg', 'picture', 'Chair'],
    ]);
  });

  it('loaded: the source the browser chose (currentSrc), upgraded to its largest candidate', () => {
    const { records } = scan(picture(`${big} data-natural="800x600" data-current="/wide-800.avif"`));
    expect(records.map((r) => [r.url, r.naturalWidth, r.naturalHeight])).toEqual([
      ['https://shop.test/wide-1600.avif', 1600, 1200],
    ]);
  });

  it('loaded from the fallback <img>: currentSrc', () => {
    const { urls } = scan(picture(`${big} data-natural="800x600"`));
    expect(urls).toEqual(['https://shop.test/fallback.jpg']);
  });

  it('no matching source, not loaded: the img', () => {
    const { urls } = scan(picture(big), '', []);
    expect(urls).toEqual(['https://shop.test/fallback.jpg']);
  });
});

describe('lazy-loaded images', () => {
  it.each([
    ['data-src', '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" data-src="/real.jpg" BIG>'],
    ['data-lazy-src', '<img src="/img/spacer.gif" data-lazy-src="/real.jpg" BIG>'],
    ['data-original', '<img data-original="/real.jpg" BIG>'],
    ['data-srcset', '<img src="/blank.gif" data-srcset="/small.jpg 300w, /real.jpg 1200w" BIG>'],
  ])('%s with a placeholder src', (_name, html) => {
    const { records } = scan(html.replace('BIG', big));
    expect(records.map((r) => [r.url, r.source])).toEqual([['https://shop.test/real.jpg', 'lazy']]);
  });

  it('lazy <picture><source data-srcset>', () => {
    const { urls } = scan(
      `<picture><source data-srcset="/p-600.webp 600w, /p-1200.webp 1200w" type="image/webp"><img src="/placeholder.png" data-src="/p.jpg" ${big}></picture>`,
    );
    expect(urls).toEqual(['https://shop.test/p-1200.webp']);
  });

  it('uses the real src once the lazy loader has swapped it in and it loaded', () => {
    const { records } = scan(`<img src="/real-loaded.jpg" data-src="/real-loaded.jpg" ${big} data-natural="900x900">`);
    expect(records.map((r) => [r.url, r.source, r.naturalWidth])).toEqual([
      ['https://shop.test/real-loaded.jpg', 'img', 900],
    ]);
  });

  it('a real src that has not loaded yet with a lazy attribute: the lazy attribute', () => {
    const { urls } = scan(`<img src="/low-res.jpg" data-src="/high-res.jpg" ${big}>`);
    expect(urls).toEqual(['https://shop.test/high-res.jpg']);
  });

  it('a loaded low-quality preview (LQIP) gives way to data-src', () => {
    const { urls } = scan(`<img src="/tiny-blurred.jpg" data-src="/full.jpg" ${big} data-natural="32x40">`);
    expect(urls).toEqual(['https://shop.test/full.jpg']);
  });

  it('a loaded 1×1 image is treated as a placeholder', () => {
    const { urls } = scan(`<img src="/t.gif" data-src="/real.jpg" ${big} data-natural="1x1">`);
    expect(urls).toEqual(['https://shop.test/real.jpg']);
  });
});

describe('CSS backgrounds', () => {
  it('inline style: no computed style needed', () => {
    const { urls, geometry, records } = scan(
      `<div style="background-image: url('/hero.jpg')" aria-label="Summer sale" data-box="1200x500"></div>`,
    );
    expect(urls).toEqual(['https://shop.test/hero.jpg']);
    expect(records[0]?.source).toBe('background');
    expect(records[0]?.alt).toBe('Summer sale');
    expect(geometry.calls.backgroundImage).toBe(0);
  });

  it('gradients and image-set', () => {
    expect(cssImageUrl('linear-gradient(red, blue), url("a.jpg")')).toBe('a.jpg');
    expect(cssImageUrl('image-set(url(a.jpg) 1x, url("a@2x.jpg") 2x)')).toBe('a@2x.jpg');
    expect(cssImageUrl('none')).toBeNull();
    expect(cssImageUrl('url("a\\"b.jpg")')).toBe('a"b.jpg');
  });

  it('lazy data-bg', () => {
    const { urls } = scan(`<div data-bg="/lazy-hero.jpg" data-box="800x400"></div>`);
    expect(urls).toEqual(['https://shop.test/lazy-hero.jpg']);
  });
});

describe('other sources', () => {
  it('<video poster>', () => {
    const { records } = scan(`<video poster="/poster.jpg" title="Demo" data-box="640x360"></video>`);
    expect(records.map((r) => [r.url, r.source, r.alt])).toEqual([['https://shop.test/poster.jpg', 'poster', 'Demo']]);
  });

  it('SVG <image> with href and xlink:href', () => {
    const { records } = scan(`
      <svg xmlns:xlink="http://www.w3.org/1999/xlink" width="400" height="400">
        <image href="/svg-a.png" width="300" height="300"></image>
        <image xlink:href="/svg-b.png" data-box="200x150"></image>
      </svg>`);
    expect(records.map((r) => [r.url, r.source])).toEqual([
      ['https://shop.test/svg-a.png', 'svg-image'],
      ['https://shop.test/svg-b.png', 'svg-image'],
    ]);
  });
});
