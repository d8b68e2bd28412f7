// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { cssImageUrl, mergeFrameRecords, PageScanner } from './scanner';
import { testGeometry } from './testing/dom';
import type { ImageRecord } from './types';

const PAGE = 'https://shop.test/products/linen-shirt?variant=2';
const big = 'data-box="400x400"';

function setPage(body: string, head = ''): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${PAGE}#reviews`);
  document.head.innerHTML = head;
  document.body.innerHTML = body;
}

function scan(body: string, head = '', media: string[] = []) {
  setPage(body, head);
  const geometry = testGeometry(media);
  const scanner = new PageScanner({ geometry });
  const delta = scanner.scanRoot();
  return { scanner, delta, geometry, urls: scanner.offered().map((r) => r.url), records: scanner.records() };
}

beforeEach(() => setPage(''));

describe('<img>', () => {
  it('offers src resolved against the document, with sizes, alt, link and frame URL', () => {
    const { records } = scan(
      `<a href="/products/linen-shirt/blue"><img src="/img/shirt.jpg#x" alt="  Blue   linen shirt " ${big} data-natural="1200x1200"></a>`,
    );
    expect(records).toEqual([
      {
        url: 'https://shop.test/img/shirt.jpg',
        source: 'img',
        naturalWidth: 1200,
        naturalHeight: 1200,
        renderedWidth: 400,
        renderedHeight: 400,
        alt: 'Blue linen shirt',
        linkUrl: 'https://shop.test/products/linen-shirt/blue',
        frameUrl: PAGE,
        inShadowRoot: false,
        hoverEligible: true,
        saveAllowed: true,
        blockedReason: null,
        blockedDetail: null,
      },
    ]);
  });

  it('resolves against <base href>', () => {
    const { urls } = scan(`<img src="a/shirt.jpg" ${big}>`, '<base href="https://cdn.shop.test/assets/">');
    expect(urls).toEqual(['https://cdn.shop.test/assets/a/shirt.jpg']);
  });

  it('offers the largest srcset candidate (w descriptors), with its natural width', () => {
    const { records } = scan(
      `<img src="s.jpg" srcset="s.jpg 400w, xl.jpg 1600w, m.jpg 800w" sizes="400px" data-box="400x300" data-natural="400x300">`,
    );
    expect(records[0]).toMatchObject({ url: 'https://shop.test/products/xl.jpg', naturalWidth: 1600, naturalHeight: 1200 });
  });

  it('natural size of an x-descriptor candidate undoes the density the browser applied', () => {
    const { records } = scan(`<img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x" ${big} data-natural="400x300" data-current="a@2x.jpg">`);
    expect(records[0]).toMatchObject({ url: 'https://shop.test/products/a@2x.jpg', naturalWidth: 800, naturalHeight: 600 });
  });

  it('offers the largest srcset candidate (x descriptors)', () => {
    const { urls } = scan(`<img src="a.jpg" srcset="a.jpg 1x, a@2x.jpg 2x, a@3x.jpg 3x" ${big}>`);
    expect(urls).toEqual(['https://shop.test/products/a@3x.jpg']);
  });

  it('uses width/height attributes when the image is not rendered or loaded', () => {
    const { urls } = scan(`<img src="/a.jpg" width="300" height="200"><img src="/b.jpg" width="50" height="50">`);
    expect(urls).toEqual(['https://shop.test/a.jpg']);
  });

  it('rejects images of unknown size (hidden and not loaded)', () => {
    const { urls, scanner } = scan(`<img src="/a.jpg">`);
    expect(urls).toEqual([]);
    expect(scanner.stats.tooSmall).toBe(1);
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
    expect(records.map((r) => [r.url, r.source, r.alt])).toEqual([['https://shop.test/narrow-900.jpg', 'picture', 'Chair']]);
  });

  it('loaded: the source the browser chose (currentSrc), upgraded to its largest candidate', () => {
    const { records } = scan(picture(`${big} data-natural="800x600" data-current="/wide-800.avif"`));
    expect(records.map((r) => [r.url, r.naturalWidth, r.naturalHeight])).toEqual([['https://shop.test/wide-1600.avif', 1600, 1200]]);
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
    const { urls } = scan(`<picture><source data-srcset="/p-600.webp 600w, /p-1200.webp 1200w" type="image/webp"><img src="/placeholder.png" data-src="/p.jpg" ${big}></picture>`);
    expect(urls).toEqual(['https://shop.test/p-1200.webp']);
  });

  it('uses the real src once the lazy loader has swapped it in and it loaded', () => {
    const { records } = scan(`<img src="/real-loaded.jpg" data-src="/real-loaded.jpg" ${big} data-natural="900x900">`);
    expect(records.map((r) => [r.url, r.source, r.naturalWidth])).toEqual([['https://shop.test/real-loaded.jpg', 'img', 900]]);
  });

  it('a real src that has not loaded yet with a lazy attribute: the lazy attribute', () => {
    const { urls } = scan(`<img src="/low-res.jpg" data-src="/high-res.jpg" ${big}>`);
    expect(urls).toEqual(['https://shop.test/high-res.jpg']);
  });

  it('a placeholder with no lazy attribute is rejected', () => {
    const { urls, scanner } = scan(`<img src="/img/spacer.gif" ${big}><img src="data:image/gif;base64,R0lGOD" ${big}>`);
    expect(urls).toEqual([]);
    expect(scanner.stats.placeholder).toBe(2);
  });

  it('a large data: URI is offered', () => {
    const data = `data:image/png;base64,${'iVBOR'.repeat(600)}`;
    const { urls } = scan(`<img src="${data}" ${big}>`);
    expect(urls).toEqual([data]);
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
    const { urls, geometry, records } = scan(`<div style="background-image: url('/hero.jpg')" aria-label="Summer sale" data-box="1200x500"></div>`);
    expect(urls).toEqual(['https://shop.test/hero.jpg']);
    expect(records[0]?.source).toBe('background');
    expect(records[0]?.alt).toBe('Summer sale');
    expect(geometry.calls.backgroundImage).toBe(0);
  });

  it('computed style only for large elements', () => {
    const { urls, geometry } = scan(`
      <section data-box="1000x400" data-computed-bg='url("https://shop.test/banner.jpg")'><span data-box="20x20" data-computed-bg='url("https://shop.test/icon.png")'></span></section>
      <div data-box="100x100" data-computed-bg='url("https://shop.test/thumb.jpg")'></div>
      <p data-box="600x600" data-computed-bg='url("https://shop.test/p.jpg")'>not a candidate tag</p>`);
    expect(urls).toEqual(['https://shop.test/banner.jpg']);
    expect(geometry.styled.map((e) => e.localName)).toEqual(['section']);
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

  it('skips the subtrees of small or hidden elements (menus cannot exhaust the budget)', () => {
    const menu = Array.from({ length: 20 }, (_, i) => `<li data-box="110x30"><a href="/c/${i}"><span>Category ${i}</span></a><div class="panel"><a href="/c/${i}/x">Sub</a></div></li>`).join('');
    setPage(`<nav><ul>${menu}</ul></nav><div class="hero" data-box="1200x400" data-computed-bg='url("/hero.jpg")'><h1>Sale</h1></div>`);
    const geometry = testGeometry();
    const scanner = new PageScanner({ geometry, maxBoxChecks: 25 });
    scanner.scanRoot();
    expect(scanner.records().map((r) => r.url)).toEqual(['https://shop.test/hero.jpg']);
    expect(geometry.calls.box).toBe(21); // 20 menu items + the hero; nothing inside the items
  });

  it('does not prune inside a wide zero-height container (floats)', () => {
    const { urls } = scan(`<div data-box="1200x0"><div data-box="600x400" data-computed-bg='url("/float-bg.jpg")'></div></div>`);
    expect(urls).toEqual(['https://shop.test/float-bg.jpg']);
  });

  it('respects the computed-style budget', () => {
    setPage(Array.from({ length: 10 }, (_, i) => `<div data-box="300x300" data-computed-bg='url("/bg${i}.jpg")'></div>`).join(''));
    const geometry = testGeometry();
    const scanner = new PageScanner({ geometry, maxStyleChecks: 3 });
    scanner.scanRoot();
    expect(geometry.calls.backgroundImage).toBe(3);
    expect(scanner.records()).toHaveLength(3);
    expect(scanner.stats.backgroundBudgetExhausted).toBe(7);
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

  it('open shadow roots, nested, with a link outside the shadow tree', () => {
    setPage('<a href="/look"><div id="host"></div></a>');
    const host = document.getElementById('host')!;
    const sr = host.attachShadow({ mode: 'open' });
    sr.innerHTML = `<img src="/shadow-1.jpg" ${big}><div id="inner"></div>`;
    const inner = sr.getElementById('inner')!.attachShadow({ mode: 'open' });
    inner.innerHTML = `<img src="/shadow-2.jpg" ${big}>`;
    const seen: ShadowRoot[] = [];
    const scanner = new PageScanner({ geometry: testGeometry() });
    scanner.onShadowRoot = (r) => seen.push(r);
    scanner.scanRoot();
    expect(scanner.records().map((r) => [r.url, r.inShadowRoot, r.linkUrl])).toEqual([
      ['https://shop.test/shadow-1.jpg', true, 'https://shop.test/look'],
      ['https://shop.test/shadow-2.jpg', true, 'https://shop.test/look'],
    ]);
    expect(seen).toEqual([sr, inner]);
  });

  it('ignores javascript: and in-page links', () => {
    const { records } = scan(`<a href="javascript:void(0)"><img src="/x.jpg" ${big}></a><a href="#zoom"><img src="/y.jpg" ${big}></a>`);
    expect(records.map((r) => r.linkUrl)).toEqual([null, null]);
  });
});

describe('filters', () => {
  it('tracking pixels, icons and thumbnails are not offered', () => {
    const { urls } = scan(`
      <img src="https://tracker.test/px?id=1" data-box="1x1" data-natural="1x1">
      <img src="/icons/cart.svg" data-box="24x24">
      <img src="/thumb.jpg" data-box="100x100">
      <img src="/narrow.jpg" data-box="80x600">
      <img src="/ok.jpg" data-box="150x95">`);
    expect(urls).toEqual(['https://shop.test/ok.jpg']);
  });

  it('hover eligibility needs both sides ≥ 120', () => {
    const { records } = scan(`<img src="/a.jpg" data-box="300x100"><img src="/b.jpg" data-box="300x120">`);
    expect(records.map((r) => r.hoverEligible)).toEqual([false, true]);
  });
});

describe('dedupe', () => {
  it('one record per URL, keeping the largest rendering', () => {
    const { records, scanner } = scan(`
      <a href="/thumb-link"><img src="/same.jpg" alt="" data-box="150x150"></a>
      <img src="/same.jpg" alt="Main photo" data-box="600x600">
      <img src="/same.jpg#zoom" data-box="300x300">`);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({ renderedWidth: 600, alt: 'Main photo', linkUrl: 'https://shop.test/thumb-link' });
    expect(scanner.stats.duplicate).toBe(2);
  });

  it('the same URL as <img> and background is one record', () => {
    const { records } = scan(`<img src="/x.jpg" data-box="200x200"><div style="background-image:url(/x.jpg)" data-box="800x800"></div>`);
    expect(records.map((r) => [r.source, r.renderedWidth])).toEqual([['background', 800]]);
  });
});

describe('opt-outs', () => {
  it('page-level pinterest nopin blocks every image with a reason and the site message', () => {
    const { records, scanner } = scan(
      `<img src="/a.jpg" ${big}>`,
      '<meta name="pinterest" content="nopin" description="Please don’t <b>pin</b>">',
    );
    expect(scanner.pageOptOut?.reason).toBe('page-nopin');
    expect(records[0]).toMatchObject({ saveAllowed: false, blockedReason: 'page-nopin', blockedDetail: 'Please don’t <b>pin</b>' });
    expect(scanner.offered()).toEqual([]);
  });

  it('page-level loupe nosave', () => {
    const { records } = scan(`<img src="/a.jpg" ${big}>`, '<meta name="Loupe" content="NOSAVE">');
    expect(records[0]).toMatchObject({ saveAllowed: false, blockedReason: 'page-nosave' });
  });

  it('per-image data-pin-nopin / nopin / data-loupe-nosave', () => {
    const { records } = scan(`
      <img src="/a.jpg" data-pin-nopin="true" ${big}>
      <img src="/b.jpg" nopin="nopin" ${big}>
      <img src="/c.jpg" data-loupe-nosave ${big}>
      <img src="/d.jpg" data-pin-nopin="false" ${big}>`);
    expect(records.map((r) => [r.url.slice(-5), r.saveAllowed, r.blockedReason])).toEqual([
      ['a.jpg', false, 'image-nopin'],
      ['b.jpg', false, 'image-nopin'],
      ['c.jpg', false, 'image-nosave'],
      ['d.jpg', true, null],
    ]);
  });

  it('a nopin on any rendering of the same picture blocks it', () => {
    const { records } = scan(`<img src="/a.jpg" data-box="600x600"><img src="/a.jpg" nopin data-box="200x200">`);
    expect(records[0]).toMatchObject({ saveAllowed: false, blockedReason: 'image-nopin', renderedWidth: 600 });
  });

  it('a nopin meta added later blocks existing records (reported as updated)', () => {
    const { scanner } = scan(`<img src="/a.jpg" ${big}>`);
    const meta = document.createElement('meta');
    meta.setAttribute('name', 'pinterest');
    meta.setAttribute('content', 'nopin');
    document.head.append(meta);
    const delta = scanner.scanAdded([meta]);
    expect(delta.updated.map((r) => [r.url, r.blockedReason])).toEqual([['https://shop.test/a.jpg', 'page-nopin']]);
  });
});

describe('incremental scans', () => {
  it('scanAdded touches only the added nodes and dedupes against earlier records', () => {
    const { scanner, geometry } = scan(`<div id="feed"><img src="/1.jpg" ${big}></div>`);
    const before = geometry.calls.box;
    const item = document.createElement('article');
    item.innerHTML = `<img src="/2.jpg" ${big}><img src="/1.jpg" data-box="100x100">`;
    document.getElementById('feed')!.append(item);
    const delta = scanner.scanAdded([item]);
    expect(delta.added.map((r) => r.url)).toEqual(['https://shop.test/2.jpg']);
    expect(delta.updated).toEqual([]);
    expect(geometry.calls.box - before).toBe(3); // the two new <img> and the <article> (a possible background)
    expect(scanner.records()).toHaveLength(2);
  });

  it('re-scanning a node (attribute mutation) updates instead of duplicating', () => {
    const { scanner } = scan(`<img id="i" src="/blank.gif" data-src="/real.jpg" ${big}>`);
    expect(scanner.records().map((r) => r.url)).toEqual(['https://shop.test/real.jpg']);
    const img = document.getElementById('i')!;
    img.setAttribute('src', '/real.jpg');
    img.setAttribute('data-natural', '1000x1000');
    const delta = scanner.scanAdded([img]);
    expect(delta.added).toEqual([]);
    expect(delta.updated.map((r) => [r.url, r.source, r.naturalWidth])).toEqual([['https://shop.test/real.jpg', 'img', 1000]]);
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
    url: 'https://shop.test/a.jpg', source: 'img', naturalWidth: null, naturalHeight: null, renderedWidth: 200,
    renderedHeight: 200, alt: '', linkUrl: null, frameUrl: PAGE, inShadowRoot: false, hoverEligible: true,
    saveAllowed: true, blockedReason: null, blockedDetail: null, ...over,
  });

  it('records carry the frame URL given to the scanner', () => {
    setPage(`<img src="/f.jpg" ${big}>`);
    const scanner = new PageScanner({ geometry: testGeometry(), frameUrl: 'https://shop.test/frame.html#x' });
    scanner.scanRoot();
    expect(scanner.records()[0]?.frameUrl).toBe('https://shop.test/frame.html');
  });

  it('mergeFrameRecords dedupes across frames, keeps the largest, and applies the top opt-out', () => {
    const top = [rec({ alt: 'top' })];
    const frame = [rec({ renderedWidth: 500, renderedHeight: 500, frameUrl: 'https://shop.test/frame.html' }), rec({ url: 'https://shop.test/b.jpg' })];
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

describe('what a report can carry', () => {
  it('leaves out images and links with URLs too long to report, keeping the rest of the page', async () => {
    const { WireImageSchema } = await import('./wire/page-report');
    const { decodeImage, encodeImage } = await import('./wire/image-wire');
    const long = `/img/${'a'.repeat(9000)}.jpg`;
    const bigData = `data:image/png;base64,${'A'.repeat(300 * 1024)}`;
    const okData = `data:image/png;base64,${'A'.repeat(20 * 1024)}`;
    const { records } = scan(
      `<img src="${long}" ${big}><img src="${bigData}" ${big}><img src="${okData}" ${big}>` +
        `<a href="/p/${'b'.repeat(9000)}"><img src="/img/linked.jpg" ${big}></a>`,
    );
    expect(records.map((r) => r.url)).toEqual([okData, 'https://shop.test/img/linked.jpg']);
    expect(records[1]!.linkUrl).toBeNull();
    for (const record of records) {
      const wire = WireImageSchema.parse(encodeImage(record));
      expect(decodeImage(wire, record.frameUrl)).toEqual(record);
    }
  });
});

describe('describe(element): one element, no scan', () => {
  function scannerFor(body: string, head = '') {
    setPage(body, head);
    const geometry = testGeometry();
    return { scanner: new PageScanner({ geometry }), geometry };
  }

  it('classifies an img, a poster and a large background by the scan rules, reading nothing else', () => {
    const { scanner, geometry } = scannerFor(
      `<div id="hero" style="background-image:url('/hero.jpg')" data-box="1200x500"><a href="/p/1"><img id="a" src="/a.jpg" alt="A" ${big} data-natural="800x800"></a>` +
        `<img id="other" src="/b.jpg" ${big}></div><video id="v" poster="/poster.jpg" data-box="640x360"></video>`,
    );
    expect(scanner.describe(document.getElementById('a')!)).toMatchObject({
      url: 'https://shop.test/a.jpg', alt: 'A', linkUrl: 'https://shop.test/p/1', renderedWidth: 400, naturalWidth: 800, hoverEligible: true, saveAllowed: true,
    });
    // Only the described element was measured; the scanner holds nothing.
    expect(geometry.calls.box).toBe(1);
    expect(scanner.records()).toEqual([]);
    expect(scanner.describe(document.getElementById('v')!)).toMatchObject({ url: 'https://shop.test/poster.jpg', source: 'poster' });
    expect(scanner.describe(document.getElementById('hero')!)).toMatchObject({ url: 'https://shop.test/hero.jpg', source: 'background' });
  });

  it('is null for what a scan would not offer: small, placeholder, no image', () => {
    const { scanner } = scannerFor(
      `<img id="icon" src="/icon.png" data-box="24x24"><img id="pixel" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" ${big}><p id="text" data-box="800x400">Hello</p><div id="plain" data-box="800x400"></div>`,
    );
    for (const id of ['icon', 'pixel', 'text', 'plain']) expect(scanner.describe(document.getElementById(id)!), id).toBeNull();
  });

  it('honours the page and image opt-outs before any scan ran', () => {
    const { scanner } = scannerFor(`<img id="a" src="/a.jpg" ${big}><img id="b" src="/b.jpg" data-pin-nopin="true" ${big}>`);
    expect(scanner.describe(document.getElementById('b')!)).toMatchObject({ saveAllowed: false, blockedReason: 'image-nopin' });
    document.head.innerHTML = '<meta name="pinterest" content="nopin" description="Please ask first">';
    expect(scanner.describe(document.getElementById('a')!)).toMatchObject({ saveAllowed: false, blockedReason: 'page-nopin', blockedDetail: 'Please ask first' });
  });

  it('gives a smaller rendering of an image already listed its own size (the hover button sits on what is under the pointer)', () => {
    const { scanner } = scannerFor(`<img id="main" src="/a.jpg" data-box="600x600"><img id="thumb" src="/a.jpg" data-box="150x150">`);
    scanner.scanRoot();
    expect(scanner.records()).toHaveLength(1);
    expect(scanner.describe(document.getElementById('thumb')!)).toMatchObject({ url: 'https://shop.test/a.jpg', renderedWidth: 150 });
    expect(scanner.records()[0]).toMatchObject({ renderedWidth: 600 });
  });

  it('is null for an element no longer in the document', () => {
    const { scanner } = scannerFor(`<img id="a" src="/a.jpg" ${big}>`);
    const image = document.getElementById('a')!;
    image.remove();
    expect(scanner.describe(image)).toBeNull();
  });
});
