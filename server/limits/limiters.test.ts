import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';
import { createWorkLimiter, WorkQueueFullError } from './work-limiter';

describe('rate limiter (a token bucket per key)', () => {
  it('allows a burst, then refuses with the seconds until the next request is allowed, per key', () => {
    let now = 0;
    const limiter = createRateLimiter({ perMinute: 60, burst: 3 }, () => now);
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, true]);
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('b').allowed).toBe(true); // another token has its own bucket

    now += 1000; // one request a second refills
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);

    now += 60_000; // a long pause refills to the burst, not beyond
    expect([1, 2, 3, 4].map(() => limiter.take('a').allowed)).toEqual([true, true, true, false]);
  });

  it('says how long to wait when the rate is slow', () => {
    const limiter = createRateLimiter({ perMinute: 2, burst: 1 }, () => 0);
    limiter.take('a');
    expect(limiter.take('a')).toEqual({ allowed: false, retryAfterSeconds: 30 });
  });

  it('allows everything when the rate is 0 (off)', () => {
    const limiter = createRateLimiter({ perMinute: 0, burst: 1 }, () => 0);
    expect(Array.from({ length: 1000 }, () => limiter.take('a').allowed).every(Boolean)).toBe(true);
  });
});

/** A job that runs until its test says it may finish. */
function heldJob() {
  let finish!: () => void;
  let started = false;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    job: async () => {
      started = true;
      await done;
      return 'ok';
    },
    finish: () => finish(),
    started: () => started,
  };
}

describe('work limiter (bounded concurrency and line)', () => {
  it('runs up to `concurrency` jobs, queues up to `queue` more, refuses the rest without running them', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, queue: 1 });
    const jobs = [heldJob(), heldJob(), heldJob()];
    const results = jobs.map((held) => limiter.run(held.job));
    await Promise.resolve();
    expect(jobs.map((held) => held.started())).toEqual([true, true, false]);
    expect(limiter.load()).toEqual({ running: 2, waiting: 1 });

    let refusedJobRan = false;
    const refused = await limiter
      .run(async () => {
        refusedJobRan = true;
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkQueueFullError);
    expect((refused as WorkQueueFullError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(refusedJobRan).toBe(false);

    jobs[0]!.finish();
    await results[0];
    await Promise.resolve();
    expect(jobs[2]!.started()).toBe(true); // the waiting job got the freed slot
    expect(limiter.load()).toEqual({ running: 2, waiting: 0 });
    jobs[1]!.finish();
    jobs[2]!.finish();
    expect(await Promise.all(results)).toEqual(['ok', 'ok', 'ok']);
    expect(limiter.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a job that fails', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, queue: 0 });
    await expect(limiter.run(() => Promise.reject(new Error('bad image')))).rejects.toThrow('bad image');
    expect(await limiter.run(async () => 'next')).toBe('next');
  });
});
