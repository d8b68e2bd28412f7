import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from './retry-after';

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });

  it('reads all three HTTP-date forms as GMT, whatever the local time zone', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sunday, 01-Mar-26 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Sun Mar  1 12:01:30 2026', now)).toBe(90_000);
  });

  it('takes a date in the past as no wait', () => {
    expect(parseRetryAfter('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
  });

  it('ignores a missing or garbled header', () => {
    for (const garbage of [
      null,
      undefined,
      '',
      '  ',
      'soon',
      '-5',
      '1.5',
      '1e3',
      '0x10',
      '2026-03-01T12:01:30Z',
      'Sun, 99 Foo 2026 12:00:00 GMT',
      'Sun, 01 Mar 2026 12:01:30 GMT trailing',
    ]) {
      expect(parseRetryAfter(garbage, now), String(garbage)).toBeUndefined();
    }
  });
});
