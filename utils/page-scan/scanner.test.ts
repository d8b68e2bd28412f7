// @vitest-environment happy-dom
// The scanner as its callers use it: whole records, page-level opt-outs, frames, describe(element).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { testGeometry } from './testing/dom';
import { big, PAGE, scan, setPage, TestScanner } from './testing/page';

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
        placement: 'other',
        top: 0,
        frameUrl: PAGE,
        inShadowRoot: false,
        hoverEligible: true,
        saveAllowed: true,
        blockedReason: null,
        blockedDetail: null,
      },
    ]);
  });
});

describe('opt-outs', () => {
  it('page-level pinterest nopin blocks every image with a reason and the site message', () => {
    const { records, scanner } = scan(
      `<img src="/a.jpg" ${big}>`,
      '<meta name="pinterest" content="nopin" description="Please don’t <b>pin</b>">',
    );
    expect(scanner.pageOptOut?.reason).toBe('page-nopin');
    expect(records[0]).toMatchObject({
      saveAllowed: false,
      blockedReason: 'page-nopin',
      blockedDetail: 'Please don’t <b>pin</b>',
    });
    expect(scanner.records().filter((r) => r.saveAllowed)).toEqual([]);
  });

  it('page-level loupe nosave', () => {
    const { records } = scan(`<img src="/a.jpg" ${big}>`, '<meta name="Loupe" content="NOSAVE">');
    expect(records[0]).toMatchObject({ saveAllowed: false, blockedReason: 'page-nosave' });
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

  it("a first pass reads the page's meta elements once, however many its walk meets", () => {
    setPage(
      `<img src="/a.jpg" ${big}>`,
      '<meta name="viewport" content="width=device-width"><meta name="pinterest" content="nopin"><meta name="robots" content="all">',
    );
    const reads: string[] = [];
    const query = document.querySelectorAll.bind(document);
    const spy = vi.spyOn(document, 'querySelectorAll').mockImplementation((selectors: string) => {
      if (selectors.includes('meta')) reads.push(selectors);
      return query(selectors);
    });
    try {
      const scanner = new TestScanner({ geometry: testGeometry() });
      scanner.scanRoot();
      expect(scanner.records()[0]).toMatchObject({ saveAllowed: false, blockedReason: 'page-nopin' });
      expect(reads).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('frames', () => {
  it('records carry the frame URL given to the scanner', () => {
    setPage(`<img src="/f.jpg" ${big}>`);
    const scanner = new TestScanner({ geometry: testGeometry(), frameUrl: 'https://shop.test/frame.html#x' });
    scanner.scanRoot();
    expect(scanner.records()[0]?.frameUrl).toBe('https://shop.test/frame.html');
  });
});

describe('describe(element): one element, no scan', () => {
  function scannerFor(body: string, head = '') {
    setPage(body, head);
    const geometry = testGeometry();
    return { scanner: new TestScanner({ geometry }), geometry };
  }

  it('classifies an img, a poster and a large background by the scan rules, reading nothing else', () => {
    const { scanner, geometry } = scannerFor(
      `<div id="hero" style="background-image:url('/hero.jpg')" data-box="1200x500"><a href="/p/1"><img id="a" src="/a.jpg" alt="A" ${big} data-natural="800x800"></a>` +
        `<img id="other" src="/b.jpg" ${big}></div><video id="v" poster="/poster.jpg" data-box="640x360"></video>`,
    );
    expect(scanner.describe(document.getElementById('a')!)).toMatchObject({
      url: 'https://shop.test/a.jpg',
      alt: 'A',
      linkUrl: 'https://shop.test/p/1',
      renderedWidth: 400,
      naturalWidth: 800,
      hoverEligible: true,
      saveAllowed: true,
    });
    // Only the described element was measured; the scanner holds nothing.
    expect(geometry.calls.box).toBe(1);
    expect(scanner.records()).toEqual([]);
    expect(scanner.describe(document.getElementById('v')!)).toMatchObject({
      url: 'https://shop.test/poster.jpg',
      source: 'poster',
    });
    expect(scanner.describe(document.getElementById('hero')!)).toMatchObject({
      url: 'https://shop.test/hero.jpg',
      source: 'background',
    });
  });

  it('is null for what a scan would not offer: small, placeholder, no image', () => {
    const { scanner } = scannerFor(
      `<img id="icon" src="/icon.png" data-box="24x24"><img id="pixel" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" ${big}><p id="text" data-box="800x400">Hello</p><div id="plain" data-box="800x400"></div>`,
    );
    for (const id of ['icon', 'pixel', 'text', 'plain'])
      expect(scanner.describe(document.getElementById(id)!), id).toBeNull();
  });

  it('honours the page and image opt-outs before any scan ran', () => {
    const { scanner } = scannerFor(
      `<img id="a" src="/a.jpg" ${big}><img id="b" src="/b.jpg" data-pin-nopin="true" ${big}>`,
    );
    expect(scanner.describe(document.getElementById('b')!)).toMatchObject({
      saveAllowed: false,
      blockedReason: 'image-nopin',
    });
    document.head.innerHTML = '<meta name="pinterest" content="nopin" description="Please ask first">';
    expect(scanner.describe(document.getElementById('a')!)).toMatchObject({
      saveAllowed: false,
      blockedReason: 'page-nopin',
      blockedDetail: 'Please ask first',
    });
  });

  it('gives a smaller rendering of an image already listed its own size (the hover button sits on what is under the pointer)', () => {
    const { scanner } = scannerFor(
      `<img id="main" src="/a.jpg" data-box="600x600"><img id="thumb" src="/a.jpg" data-box="150x150">`,
    );
    scanner.scanRoot();
    expect(scanner.records()).toHaveLength(1);
    expect(scanner.describe(document.getElementById('thumb')!)).toMatchObject({
      url: 'https://shop.test/a.jpg',
      renderedWidth: 150,
    });
    expect(scanner.records()[0]).toMatchObject({ renderedWidth: 600 });
  });

  it('is null for an element no longer in the document', () => {
    const { scanner } = scannerFor(`<img id="a" src="/a.jpg" ${big}>`);
    const image = document.getElementById('a')!;
    image.remove();
    expect(scanner.describe(image)).toBeNull();
  });
});

describe('where images sit (the rank’s depth)', () => {
  const cards = (n: number) =>
    Array.from({ length: n }, (_, i) => `<img id="c${i}" src="/c/${i}.jpg" ${big} data-top="${i * 100 + 7}">`).join('');
  const topOf = (scanner: TestScanner, i: number) =>
    scanner.records().find((r) => r.url === `https://shop.test/c/${i}.jpg`)?.top;

  it('a whole-page pass places its first 200 imgs to the pixel, then samples: one in between sits with the last placed', () => {
    const { scanner } = scan(cards(230));
    expect([0, 150, 199].map((i) => topOf(scanner, i))).toEqual([7, 15007, 19907]);
    expect([200, 206].map((i) => topOf(scanner, i))).toEqual([19907, 19907]);
    expect([207, 214, 215].map((i) => topOf(scanner, i))).toEqual([20707, 20707, 21507]);
  });

  it('an img judged again later (it loads, its src changes) gets its exact top, reported as an update', () => {
    const { scanner } = scan(cards(230));
    expect(topOf(scanner, 203)).toBe(19907);
    const delta = scanner.scanAdded([document.getElementById('c203')!]);
    expect(delta.updated).toMatchObject([{ url: 'https://shop.test/c/203.jpg', top: 20307 }]);
    expect(topOf(scanner, 203)).toBe(20307);
  });
});
