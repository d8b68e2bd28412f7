import { describe, expect, it } from 'vitest';
import { isHoverEligible, passesSizeRules } from './rules';
import { absoluteUrl, imageMatchKey, placeholderReason } from './url';

describe('size rules', () => {
  it.each([
    [120, 90, true],
    [90, 120, true],
    [89, 500, false], // under 90 on a side
    [500, 89, false],
    [119, 119, false], // under 120 on both
    [100, 100, false],
    [120, 120, true],
    [1, 1, false], // tracking pixel
    [24, 24, false], // icon
    [0, 0, false],
  ])('%i × %i → %s', (w, h, ok) => {
    expect(passesSizeRules(w, h)).toBe(ok);
  });

  it('hover button only when both sides ≥ 120', () => {
    expect(isHoverEligible(120, 120)).toBe(true);
    expect(isHoverEligible(300, 119)).toBe(false);
    expect(isHoverEligible(95, 400)).toBe(false);
  });
});

describe('placeholderReason', () => {
  it('flags spacer / blank / 1x1 / placeholder files', () => {
    for (const u of [
      'https://x.test/img/spacer.gif',
      'https://x.test/blank.gif?v=2',
      'https://x.test/1x1.gif',
      'https://x.test/assets/placeholder.png',
      'https://x.test/transparent.png',
      'https://x.test/lazy-placeholder.svg',
      'https://x.test/loading.gif',
    ]) {
      expect(placeholderReason(u), u).toBe('placeholder');
    }
  });
  it('does not flag product photos whose names contain similar words', () => {
    for (const u of [
      'https://x.test/grey-sweater.jpg',
      'https://x.test/blank-notebook-a5.jpg',
      'https://x.test/clear-glass-vase.png',
      'https://x.test/pixel-art-tee.jpg',
    ]) {
      expect(placeholderReason(u), u).toBeNull();
    }
  });
  it('flags small data URIs, not large ones', () => {
    expect(placeholderReason('data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7')).toBe(
      'data-uri-small',
    );
    expect(placeholderReason(`data:image/png;base64,${'A'.repeat(5000)}`)).toBeNull();
  });
});

describe('absoluteUrl', () => {
  it('resolves relative URLs against the base and strips the hash', () => {
    expect(absoluteUrl('../img/a.jpg#x', 'https://shop.test/p/q/')).toBe('https://shop.test/p/img/a.jpg');
    expect(absoluteUrl('//cdn.test/a.jpg', 'https://shop.test/')).toBe('https://cdn.test/a.jpg');
  });
  it('rejects non-http schemes and non-image data URIs', () => {
    expect(absoluteUrl('javascript:alert(1)', 'https://shop.test/')).toBeNull();
    expect(absoluteUrl('blob:https://shop.test/123', 'https://shop.test/')).toBeNull();
    expect(absoluteUrl('data:text/html,<b>x</b>', 'https://shop.test/')).toBeNull();
    expect(absoluteUrl('   ', 'https://shop.test/')).toBeNull();
  });
});

describe('imageMatchKey', () => {
  it('ignores size query parameters but keeps others', () => {
    expect(imageMatchKey('https://shop.test/cdn/shop/files/tee.jpg?v=17&width=600')).toBe(
      imageMatchKey('https://www.shop.test/cdn/shop/files/tee.jpg?width=1946&v=17'),
    );
    expect(imageMatchKey('https://shop.test/a.jpg?v=1')).not.toBe(imageMatchKey('https://shop.test/a.jpg?v=2'));
  });
  it('ignores Shopify, WordPress and Magento size variants in the path', () => {
    expect(imageMatchKey('https://s.test/products/tee_600x.jpg')).toBe(
      imageMatchKey('https://s.test/products/tee.jpg'),
    );
    expect(imageMatchKey('https://s.test/products/tee_600x800_crop_center@2x.jpg')).toBe(
      imageMatchKey('https://s.test/products/tee.jpg'),
    );
    expect(imageMatchKey('https://w.test/uploads/2024/05/hoodie-300x300.jpg')).toBe(
      imageMatchKey('https://w.test/uploads/2024/05/hoodie.jpg'),
    );
    expect(
      imageMatchKey('https://m.test/media/catalog/product/cache/0123456789abcdef0123456789abcdef/m/b/mb01.jpg'),
    ).toBe(imageMatchKey('https://m.test/media/catalog/product/m/b/mb01.jpg'));
  });
});
