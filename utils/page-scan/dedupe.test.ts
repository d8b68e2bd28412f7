// @vitest-environment happy-dom
// One record per URL: the largest rendering wins, re-scans update, and frames merge.
import { beforeEach, describe, expect, it } from 'vitest';
import { mergeFrameRecords } from './dedupe';
import { big, PAGE, scan, setPage } from './testing/page';
import type { ImageRecord } from './types';

beforeEach(() => setPage(''));

describe('dedupe', () => {
  it('one record per URL, keeping the largest rendering', () => {
    const { records, scanner } = scan(`
      <a href="/thumb-link"><img src="/same.jpg" alt="" data-box="150x150"></a>
      <img src="/same.jpg" alt="Main photo" data-box="600x600">
      <img src="/same.jpg#zoom" data-box="300x300">`);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      renderedWidth: 600,
      alt: 'Main photo',
      linkUrl: 'https://shop.test/thumb-link',
    });
    expect(scanner.stats.duplicate).toBe(2);
  });

  it('the same URL as <img> and background is one record', () => {
    const { records } = scan(
      `<img src="/x.jpg" data-box="200x200"><div style="background-image:url(/x.jpg)" data-box="800x800"></div>`,
    );
    expect(records.map((r) => [r.source, r.renderedWidth])).toEqual([['background', 800]]);
  });
});

describe('links', () => {
  it('ignores javascript: and in-page links', () => {
    const { records } = scan(
      `<a href="javascript:void(0)"><img src="/x.jpg" ${big}></a><a href="#zoom"><img src="/y.jpg" ${big}></a>`,
    );
    expect(records.map((r) => r.linkUrl)).toEqual([null, null]);
  });

  it('resolves a link against the page, without its hash, an SVG link too', () => {
    const { records } = scan(
      `<a href=" p/shirt?c=blue#reviews "><img src="/x.jpg" ${big}></a>` +
        `<a href="mailto:shop@shop.test"><img src="/y.jpg" ${big}></a>` +
        `<svg><a href="/p/poster#top"><image href="/z.jpg" ${big}></image></a></svg>`,
    );
    expect(records.map((r) => r.linkUrl)).toEqual([
      'https://shop.test/products/p/shirt?c=blue',
      null,
      'https://shop.test/p/poster',
    ]);
  });
});

describe('opt-outs', () => {
  it('a nopin on any rendering of the same picture blocks it', () => {
    const { records } = scan(`<img src="/a.jpg" data-box="600x600"><img src="/a.jpg" nopin data-box="200x200">`);
    expect(records[0]).toMatchObject({ saveAllowed: false, blockedReason: 'image-nopin', renderedWidth: 600 });
  });
});

describe('incremental scans', () => {
  it('re-scanning a node (attribute mutation) updates instead of duplicating', () => {
    const { scanner } = scan(`<img id="i" src="/blank.gif" data-src="/real.jpg" ${big}>`);
    expect(scanner.records().map((r) => r.url)).toEqual(['https://shop.test/real.jpg']);
    const img = document.getElementById('i')!;
    img.setAttribute('src', '/real.jpg');
    img.setAttribute('data-natural', '1000x1000');
    const delta = scanner.scanAdded([img]);
    expect(delta.added).toEqual([]);
    expect(delta.updated.map((r) => [r.url, r.source, r.naturalWidth])).toEqual([
      ['https://shop.test/real.jpg', 'img', 1000],
    ]);
    expect(scanner.records()).toHaveLength(1);
  });

  it('an element that switches to another URL drops its old record', () => {
    const { scanner } = scan(`<img id="i" src="/slide-1.jpg" ${big}>`);
    const img = document.getElementById('i')!;
    img.setAttribute('src', '/slide-2.jpg');
    const delta = scanner.scanAdded([img]);
    expect(delta.removed).toEqual(['https://shop.test/slide-1.jpg']);
    expect(delta.added.map((r) => r.url)).toEqual(['https://shop.test/slide-2.jpg']);
  });

  it('an element whose background went away drops its record', () => {
    const { scanner } = scan(`<div id="d" data-box="500x500" data-computed-bg='url("/bg.jpg")'></div>`);
    expect(scanner.records()).toHaveLength(1);
    const d = document.getElementById('d')!;
    d.setAttribute('data-computed-bg', 'none');
    expect(scanner.scanAdded([d]).removed).toEqual(['https://shop.test/bg.jpg']);
  });

  it('prune() drops records of detached elements; disconnected nodes are ignored', () => {
    const { scanner } = scan(`<img id="i" src="/gone.jpg" ${big}>`);
    const img = document.getElementById('i')!;
    img.remove();
    expect(scanner.scanAdded([img]).added).toEqual([]);
    expect(scanner.prune()).toEqual(['https://shop.test/gone.jpg']);
    expect(scanner.records()).toEqual([]);
  });
});

describe('frames', () => {
  const rec = (over: Partial<ImageRecord>): ImageRecord => ({
    url: 'https://shop.test/a.jpg',
    source: 'img',
    naturalWidth: null,
    naturalHeight: null,
    renderedWidth: 200,
    renderedHeight: 200,
    alt: '',
    linkUrl: null,
    placement: 'other',
    top: 0,
    frameUrl: PAGE,
    inShadowRoot: false,
    hoverEligible: true,
    saveAllowed: true,
    blockedReason: null,
    blockedDetail: null,
    ...over,
  });

  it('mergeFrameRecords dedupes across frames, keeps the largest, and applies the top opt-out', () => {
    const top = [rec({ alt: 'top' })];
    const frame = [
      rec({ renderedWidth: 500, renderedHeight: 500, frameUrl: 'https://shop.test/frame.html' }),
      rec({ url: 'https://shop.test/b.jpg' }),
    ];
    const merged = mergeFrameRecords([top, frame]);
    expect(merged.map((r) => [r.url, r.renderedWidth, r.frameUrl, r.alt])).toEqual([
      ['https://shop.test/a.jpg', 500, 'https://shop.test/frame.html', 'top'],
      ['https://shop.test/b.jpg', 200, PAGE, ''],
    ]);
    expect(top[0]?.renderedWidth).toBe(200); // inputs untouched
    const blocked = mergeFrameRecords([top, frame], { reason: 'page-nopin', detail: null });
    expect(blocked.every((r) => !r.saveAllowed && r.blockedReason === 'page-nopin')).toBe(true);
  });
});
