import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { absoluteUrl } from './url';

function reference(raw: string, base: string): string | null {
  const t = raw.trim();
  if (!t) return null;
  try {
    const h = new URL(t, base).href;
    if (!/^https?:/i.test(h)) return null;
    const i = h.indexOf('#');
    return i === -1 ? h : h.slice(0, i);
  } catch {
    return null;
  }
}

describe('absoluteUrl fast path agrees with the URL parser', () => {
  const bases = [
    'https://shop.test/p/q',
    'http://localhost:5173/shop/product.html',
    'https://a.test:443/x',
    'http://b.test:80/',
    'http://127.0.0.1:8080/dir/page.html?x=1#y',
    'https://shop.test',
    'https://shop.test/a/b/?q=/c/d',
    'http://10.0.0.255/',
  ];
  it.each([
    '/img/a.jpg',
    '//cdn.test/a.jpg?w=1,2',
    'https://cdn.test/a%20b.jpg',
    'https://CDN.test/a.jpg',
    'https://cdn.test:443/a.jpg',
    'https://cdn.test:8443/a.jpg',
    'https://cdn.test',
    '/a/../b.jpg',
    '/a/./b.jpg',
    "/it's.jpg",
    '/a b.jpg',
    '/é.jpg',
    '/a.jpg#x',
    'a.jpg',
    '../a.jpg',
    '/a.jpg?x=<y>',
    'img/card.svg?i=1',
    'a:b/c.jpg',
    'img:x',
    'javascript:alert(1)',
    'blob:x/y',
    './a.jpg',
    '.hidden/a.jpg',
    '?w=2',
    'http://127.0.0.1/a.jpg',
    'http://127.0.0.01/a.jpg',
    'http://1.2.3/a.jpg',
    'http://256.1.1.1/a.jpg',
    'http://1.2.3.4:65536/a',
    'http://1.2.3.4:65535/a',
    'http://0x7f.0.0.1/a',
    'https://shop.9test/a',
    'hTtp://x.test/a',
    'hello.jpg',
    'https://cdn.test/a.jpg?q="1"',
    '/a\\b.jpg',
    '/.',
    '/..',
    'http://x.test/?a=1&b=2',
  ])('%s', (raw) => {
    for (const base of bases) expect(absoluteUrl(raw, base), `${raw} @ ${base}`).toBe(reference(raw, base));
  });

  it('property: random path-like strings', () => {
    const chars = fc.constantFrom(...'/abcXYZ019-._~!$&()*+,;=:@%?#\' "<>\\é'.split(''));
    fc.assert(
      fc.property(
        fc.string({ unit: chars, maxLength: 20 }),
        fc.constantFrom(
          '',
          '/',
          '//h.test/',
          'https://h.test/',
          'http://h.test:8080/',
          'http://1.2.3.4/',
          'http://1.2.3.',
          'img/',
        ),
        fc.constantFrom(...bases),
        (s, prefix, base) => {
          const raw = prefix + s;
          expect(absoluteUrl(raw, base)).toBe(reference(raw, base));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
