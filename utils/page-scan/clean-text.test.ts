import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from './optout';

/** Cleaning written out step by step, as the fast path must agree with it. */
function reference(v: string, max: number): string {
  const t = v
    .replace(/\p{Cs}/gu, '')
    .replace(/[\p{Cc}\s]+/gu, ' ')
    .trim();
  return t.length > max ? `${t.slice(0, max - 1).replace(/\p{Cs}$/u, '')}…` : t;
}

describe('cleanText', () => {
  it('keeps clean text as it is, and cleans the rest exactly as the step-by-step rules do', () => {
    const text = fc.oneof(
      fc.string({ unit: 'grapheme' }),
      fc.string({ unit: 'binary' }),
      fc.string({ unit: fc.constantFrom(' ', '\u00a0', '\t', '\n', '\u0000', 'a', 'é', '\ud83d', '\ude00', '😀') }),
    );
    fc.assert(
      fc.property(text, fc.integer({ min: 1, max: 40 }), (v, max) => {
        expect(cleanText(v, max)).toBe(reference(v, max));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns the very string it was given when nothing needs cleaning', () => {
    const alt = 'Blue linen shirt, front';
    expect(cleanText(alt, 300)).toBe(alt);
    expect(cleanText(' Blue  linen\tshirt ', 300)).toBe('Blue linen shirt');
    expect(cleanText('\u0000', 300)).toBe('');
  });
});
