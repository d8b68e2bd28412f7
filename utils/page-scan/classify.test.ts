// @vitest-environment happy-dom
// Whether an element shows a meaningful image: size, placeholder, budget, opt-out and length rules.
import { beforeEach, describe, expect, it } from 'vitest';
import { testGeometry } from './testing/dom';
import { big, scan, setPage, TestScanner } from './testing/page';

beforeEach(() => setPage(''));

describe('filters', () => {
  it('uses width/height attributes when the image is not rendered or loaded', () => {
    const { urls } = scan(`<img src="/a.jpg" width="300" height="200"><img src="/b.jpg" width="50" height="50">`);
    expect(urls).toEqual(['https://shop.test/a.jpg']);
  });

  it('rejects images of unknown size (hidden and not loaded)', () => {
    const { urls, scanner } = scan(`<img src="/a.jpg">`);
    expect(urls).toEqual([]);
    expect(scanner.stats.tooSmall).toBe(1);
  });

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

describe('placeholders', () => {
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
});

describe('CSS backgrounds', () => {
  it('computed style only for large elements', () => {
    const { urls, geometry } = scan(`
      <section data-box="1000x400" data-computed-bg='url("https://shop.test/banner.jpg")'><span data-box="20x20" data-computed-bg='url("https://shop.test/icon.png")'></span></section>
      <div data-box="100x100" data-computed-bg='url("https://shop.test/thumb.jpg")'></div>
      <p data-box="600x600" data-computed-bg='url("https://shop.test/p.jpg")'>not a candidate tag</p>`);
    expect(urls).toEqual(['https://shop.test/banner.jpg']);
    expect(geometry.styled.map((e) => e.localName)).toEqual(['section']);
  });

  it('respects the computed-style budget', () => {
    setPage(
      Array.from({ length: 10 }, (_, i) => `<div data-box="300x300" data-computed-bg='url("/bg${i}.jpg")'></div>`).join(
        '',
      ),
    );
    const geometry = testGeometry();
    const scanner = new TestScanner({ geometry, maxStyleChecks: 3 });
    scanner.scanRoot();
    expect(geometry.calls.backgroundImage).toBe(3);
    expect(scanner.records()).toHaveLength(3);
    expect(scanner.stats.backgroundBudgetExhausted).toBe(7);
  });
});

describe('opt-outs', () => {
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
});

describe('what a report can carry', () => {
  it('leaves out images and links with URLs too long to report, keeping the rest of the page', async () => {
    const { WireImageSchema } = await import('./wire/page-report');
    const { imageDecoder, imageEncoder } = await import('./wire/image-wire');
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
      const wire = WireImageSchema.parse(imageEncoder(record.frameUrl)(record));
      expect(imageDecoder(record.frameUrl)(wire)).toEqual(record);
    }
  });
});
