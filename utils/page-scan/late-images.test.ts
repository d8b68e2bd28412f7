// @vitest-environment happy-dom
// Images that arrive after the first scan: lazy, still downloading, or given their URL by a script.
import { beforeEach, describe, expect, it } from 'vitest';
import { observePage } from './observe';
import { testGeometry } from './testing/dom';
import { scan, setPage, TestScanner } from './testing/page';
import type { ScanDelta } from './types';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
const IMG = 'https://shop.test/img';

/** The page scanned once and watched from then on; `deltas` collects what the observer reports. */
function watched(body: string) {
  setPage(body);
  const scanner = new TestScanner({ geometry: testGeometry() });
  const first = scanner.scanRoot();
  const deltas: ScanDelta[] = [];
  const stop = observePage(scanner, (d) => deltas.push(d), document, { delayMs: 5 });
  return { scanner, first, deltas, stop };
}

/** What the browser does when an image finishes loading: a natural size, then a `load` event (no mutation). */
function finishLoading(img: Element, natural: string, box = '0x0') {
  img.removeAttribute('data-loading');
  img.setAttribute('data-natural', natural);
  img.setAttribute('data-box', box);
  img.dispatchEvent(new Event('load'));
}

beforeEach(() => setPage(''));

describe('an image still to load when the page is scanned', () => {
  it('is listed provisionally when nothing tells its size, never rejected for being 0 × 0', () => {
    const { records, scanner } = scan(
      '<img src="/img/below-fold.jpg" loading="lazy" data-loading>' +
        '<img src="/img/downloading.jpg" data-loading>' +
        '<img src="/img/broken.jpg">', // loaded already and failed: nothing to wait for
    );
    expect(records.map((r) => [r.url, r.renderedWidth, r.naturalWidth])).toEqual([
      [`${IMG}/below-fold.jpg`, 0, null],
      [`${IMG}/downloading.jpg`, 0, null],
    ]);
    expect(scanner.stats.tooSmall).toBe(1);
  });

  it('is judged by its declared size when it has one: a declared icon is not listed', () => {
    const { urls } = scan(
      '<img src="/img/declared.jpg" loading="lazy" width="600" height="400" data-loading>' +
        '<img src="/img/icon.png" loading="lazy" width="24" height="24" data-loading>',
    );
    expect(urls).toEqual([`${IMG}/declared.jpg`]);
  });

  it('is judged again when it loads: kept with its real size, or dropped when too small', async () => {
    const { first, deltas, stop } = watched(
      '<img id="photo" src="/img/photo.jpg" loading="lazy" data-loading>' +
        '<img id="icon" src="/img/icon.png" data-loading>',
    );
    expect(first.added.map((r) => r.url)).toEqual([`${IMG}/photo.jpg`, `${IMG}/icon.png`]);

    finishLoading(document.getElementById('photo')!, '1200x800', '600x400');
    finishLoading(document.getElementById('icon')!, '32x32');
    await wait(30);
    expect(deltas.flatMap((d) => d.updated.map((r) => [r.url, r.renderedWidth, r.naturalWidth]))).toEqual([
      [`${IMG}/photo.jpg`, 600, 1200],
    ]);
    expect(deltas.flatMap((d) => d.removed)).toEqual([`${IMG}/icon.png`]);
    stop();
  });

  it('one that fails to load gives up its provisional record', async () => {
    const { scanner, deltas, stop } = watched('<img id="gone" src="/img/missing.jpg" data-loading>');
    expect(scanner.records()).toHaveLength(1);
    const img = document.getElementById('gone')!;
    img.removeAttribute('data-loading');
    img.dispatchEvent(new Event('error'));
    await wait(30);
    expect(deltas.flatMap((d) => d.removed)).toEqual([`${IMG}/missing.jpg`]);
    stop();
  });
});

describe('the observer', () => {
  it('re-classifies an existing image that loads, without any mutation', async () => {
    // Rendered 0 × 0 and complete at the scan (an old-style page with no size): not listed then.
    const { first, deltas, stop } = watched('<img id="late" src="/img/late.jpg">');
    expect(first.added).toEqual([]);
    finishLoading(document.getElementById('late')!, '800x600', '400x300');
    await wait(30);
    expect(deltas.flatMap((d) => d.added.map((r) => [r.url, r.renderedWidth]))).toEqual([[`${IMG}/late.jpg`, 400]]);
    stop();
  });

  it('lists an image a script lazy-loader fills in after the scan, by data-src and then src', async () => {
    const { first, deltas, stop } = watched('<div id="card"><img id="lazy" class="lazyload"></div>');
    expect(first.added).toEqual([]);
    const img = document.getElementById('lazy')!;
    img.setAttribute('data-src', '/img/from-loader.jpg');
    await wait(30);
    expect(deltas.flatMap((d) => d.added.map((r) => [r.url, r.source]))).toEqual([[`${IMG}/from-loader.jpg`, 'lazy']]);
    img.setAttribute('src', '/img/from-loader.jpg');
    finishLoading(img, '900x900', '300x300');
    await wait(30);
    expect(deltas.at(-1)?.updated.map((r) => [r.url, r.source, r.renderedWidth])).toEqual([
      [`${IMG}/from-loader.jpg`, 'img', 300],
    ]);
    stop();
  });

  it('looks only at what changed: one image loading on a page of many costs one classification', async () => {
    const many = Array.from({ length: 200 }, (_, i) => `<img src="/img/${i}.jpg" data-box="300x300">`).join('');
    setPage(`${many}<img id="late" src="/img/late.jpg" data-loading>`);
    const geometry = testGeometry();
    const scanner = new TestScanner({ geometry });
    scanner.scanRoot();
    const stop = observePage(scanner, () => {}, document, { delayMs: 5 });
    const before = geometry.calls.box;
    finishLoading(document.getElementById('late')!, '800x800', '400x400');
    await wait(30);
    expect(geometry.calls.box - before).toBe(1);
    stop();
  });
});
