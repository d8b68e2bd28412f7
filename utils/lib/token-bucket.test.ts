import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from './token-bucket';

/** A clock the test moves by hand. */
function clock() {
  let time = 0;
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

describe('token buckets', () => {
  it('allows a burst at once, then refuses until a whole token has come back', () => {
    const time = clock();
    const buckets = createTokenBuckets<string>({ burst: 3, refillPerMs: 1 / 100, now: time.now, maxKeys: 10 });
    expect([1, 2, 3].map(() => buckets.take('a'))).toEqual([
      { allowed: true, remaining: 2 },
      { allowed: true, remaining: 1 },
      { allowed: true, remaining: 0 },
    ]);
    expect(buckets.take('a')).toEqual({ allowed: false, waitMs: 100 });

    time.advance(60); // part of a token: not enough, and the wait is what is left of it
    const refused = buckets.take('a');
    expect(refused.allowed).toBe(false);
    expect(refused.allowed === false && refused.waitMs).toBeCloseTo(40);

    time.advance(40);
    expect(buckets.take('a')).toEqual({ allowed: true, remaining: 0 });
  });

  it('refills continuously, up to the burst and never beyond', () => {
    const time = clock();
    const buckets = createTokenBuckets<string>({ burst: 2, refillPerMs: 1 / 1000, now: time.now, maxKeys: 10 });
    buckets.take('a');
    buckets.take('a');
    time.advance(1000);
    expect(buckets.take('a')).toEqual({ allowed: true, remaining: 0 });
    time.advance(3_600_000); // an hour idle still holds only the burst
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
  });

  it('keeps one bucket per key', () => {
    const buckets = createTokenBuckets<number>({ burst: 1, refillPerMs: 1 / 1000, now: () => 0, maxKeys: 10 });
    expect([buckets.take(1).allowed, buckets.take(1).allowed]).toEqual([true, false]);
    expect(buckets.take(2).allowed).toBe(true);
  });

  it('gives a token back on refund, never beyond the burst, and only to a key it knows', () => {
    const buckets = createTokenBuckets<string>({ burst: 2, refillPerMs: 1 / 1000, now: () => 0, maxKeys: 10 });
    buckets.take('a');
    buckets.take('a');
    buckets.refund('a');
    expect(buckets.take('a')).toEqual({ allowed: true, remaining: 0 });
    for (let i = 0; i < 5; i++) buckets.refund('a');
    expect([1, 2, 3].map(() => buckets.take('a').allowed)).toEqual([true, true, false]);
    buckets.refund('never-seen'); // no bucket is made for it: a new key starts full anyway
    expect([1, 2, 3].map(() => buckets.take('never-seen').allowed)).toEqual([true, true, false]);
  });

  it('bounds its keys by forgetting buckets that are full again first, then the oldest busy ones', () => {
    const buckets = createTokenBuckets<string>({ burst: 1, refillPerMs: 1 / 1000, now: () => 0, maxKeys: 4 });
    buckets.take('busy-1');
    for (const key of ['idle-1', 'idle-2']) {
      buckets.take(key);
      buckets.refund(key); // full again: forgetting it changes nothing
    }
    buckets.take('busy-2');
    buckets.take('new'); // a fifth key: the two full buckets go, the busy ones are still counted
    expect([buckets.take('busy-1').allowed, buckets.take('busy-2').allowed]).toEqual([false, false]);

    const flooded = createTokenBuckets<string>({ burst: 1, refillPerMs: 1 / 1000, now: () => 0, maxKeys: 4 });
    for (const key of ['a', 'b', 'c', 'd', 'e']) flooded.take(key); // all busy: the oldest go, down to half
    expect(flooded.take('d').allowed).toBe(false);
    expect(flooded.take('a').allowed).toBe(true); // forgotten: it starts over
  });
});
