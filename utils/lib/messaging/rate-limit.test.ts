import { describe, expect, it } from 'vitest';
import { createRateLimit } from './rate-limit';

describe('createRateLimit', () => {
  it('admits a burst, then the refill rate, per key', () => {
    let time = 0;
    const admit = createRateLimit({ perSecond: 10, burst: 5, now: () => time });
    expect(Array.from({ length: 7 }, () => admit(1))).toEqual([true, true, true, true, true, false, false]);
    expect(admit(2)).toBe(true); // another tab has its own bucket
    time += 100; // one token back
    expect([admit(1), admit(1)]).toEqual([true, false]);
    time += 10_000; // refills up to the burst, no further
    expect(Array.from({ length: 6 }, () => admit(1)).filter(Boolean)).toHaveLength(5);
  });

  it('keeps a bounded number of keys', () => {
    const admit = createRateLimit({ perSecond: 1, burst: 1, maxKeys: 2, now: () => 0 });
    expect([admit('a'), admit('a')]).toEqual([true, false]);
    admit('b');
    admit('c'); // "a" is forgotten: it starts over
    expect(admit('a')).toBe(true);
  });
});
