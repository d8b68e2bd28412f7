import { describe, expect, it } from 'vitest';
import { largestCandidate, largestSrcsetUrl, parseSrcset } from './srcset';

describe('parseSrcset', () => {
  it('parses width descriptors', () => {
    expect(parseSrcset('a.jpg 300w, b.jpg 600w,c.jpg 1200w')).toEqual([
      { url: 'a.jpg', w: 300 },
      { url: 'b.jpg', w: 600 },
      { url: 'c.jpg', w: 1200 },
    ]);
  });

  it('parses density descriptors and defaults to 1x', () => {
    expect(parseSrcset('a.jpg, b.jpg 1.5x, c.jpg 2x')).toEqual([
      { url: 'a.jpg', x: 1 },
      { url: 'b.jpg', x: 1.5 },
      { url: 'c.jpg', x: 2 },
    ]);
  });

  it('keeps commas inside URLs (Cloudinary-style transformations)', () => {
    const s =
      'https://res.cloudinary.com/demo/image/upload/w_300,h_200,c_fill/shoe.jpg 300w, https://res.cloudinary.com/demo/image/upload/w_900,h_600,c_fill/shoe.jpg 900w';
    expect(parseSrcset(s).map((c) => c.url)).toEqual([
      'https://res.cloudinary.com/demo/image/upload/w_300,h_200,c_fill/shoe.jpg',
      'https://res.cloudinary.com/demo/image/upload/w_900,h_600,c_fill/shoe.jpg',
    ]);
  });

  it('treats trailing commas of a URL as the separator (spec), inner commas as part of the URL', () => {
    expect(parseSrcset('a.jpg,, b.jpg 2x')).toEqual([
      { url: 'a.jpg', x: 1 },
      { url: 'b.jpg', x: 2 },
    ]);
    expect(parseSrcset('a.jpg,b.jpg 2x')).toEqual([{ url: 'a.jpg,b.jpg', x: 2 }]);
  });

  it('handles newlines, tabs and extra whitespace', () => {
    expect(parseSrcset('\n  a.jpg   480w ,\n\tb.jpg\t960w  \n')).toEqual([
      { url: 'a.jpg', w: 480 },
      { url: 'b.jpg', w: 960 },
    ]);
  });

  it('drops invalid candidates but keeps the valid ones', () => {
    expect(parseSrcset('a.jpg 0w, b.jpg -2x, c.jpg 10q, d.jpg 300w 2x, e.jpg 1.5w, f.jpg 400w')).toEqual([
      { url: 'f.jpg', w: 400 },
    ]);
  });

  it('accepts w + h (future-compat) and rejects a lone h', () => {
    expect(parseSrcset('a.jpg 300w 200h, b.jpg 200h')).toEqual([{ url: 'a.jpg', w: 300, h: 200 }]);
  });

  it('handles parentheses in descriptors as one token', () => {
    expect(parseSrcset('a.jpg foo(1, 2), b.jpg 2x')).toEqual([{ url: 'b.jpg', x: 2 }]);
  });

  it('returns nothing for empty input', () => {
    expect(parseSrcset('')).toEqual([]);
    expect(parseSrcset(null)).toEqual([]);
    expect(parseSrcset(' , , ')).toEqual([]);
  });
});

describe('largestCandidate', () => {
  it('picks the widest w candidate, regardless of order', () => {
    expect(largestSrcsetUrl('b.jpg 1200w, a.jpg 300w, c.jpg 800w')?.url).toBe('b.jpg');
  });
  it('picks the densest x candidate', () => {
    expect(largestSrcsetUrl('a.jpg, c.jpg 3x, b.jpg 2x')?.url).toBe('c.jpg');
  });
  it('prefers w candidates over x candidates when mixed', () => {
    expect(largestCandidate(parseSrcset('a.jpg 3x, b.jpg 640w'))?.url).toBe('b.jpg');
  });
  it('keeps the first on ties', () => {
    expect(largestSrcsetUrl('a.jpg 2x, b.jpg 2x')?.url).toBe('a.jpg');
  });
  it('returns null when nothing is valid', () => {
    expect(largestSrcsetUrl('a.jpg 2q')).toBeNull();
  });
});
