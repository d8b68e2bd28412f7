import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter';
import { createWorkLimiter, WorkQueueFullError, WorkShareExceededError } from './work-limiter';

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
    const limiter = createWorkLimiter({ concurrency: 2, queue: 1, perKey: 10 });
    const jobs = [heldJob(), heldJob(), heldJob()];
    const results = jobs.map((held) => limiter.run('a', held.job));
    await Promise.resolve();
    expect(jobs.map((held) => held.started())).toEqual([true, true, false]);
    expect(limiter.load()).toEqual({ running: 2, waiting: 1 });

    let refusedJobRan = false;
    const refused = await limiter
      .run('b', async () => {
        refusedJobRan = true;
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkQueueFullError);
    expect(refused).not.toBeInstanceOf(WorkShareExceededError);
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
    await expect(limiter.run('a', () => Promise.reject(new Error('bad image')))).rejects.toThrow('bad image');
    expect(await limiter.run('a', async () => 'next')).toBe('next');
    expect(limiter.load('a')).toEqual({ running: 0, waiting: 0 });
  });

  it('gives one key at most half of the line by default, so another key still gets in', async () => {
    const limiter = createWorkLimiter({ concurrency: 2, queue: 4 });
    expect(limiter.settings.perKey).toBe(3);
    const greedy = [heldJob(), heldJob(), heldJob()];
    const results = greedy.map((held) => limiter.run('greedy', held.job));
    await Promise.resolve();
    expect(limiter.load('greedy')).toEqual({ running: 2, waiting: 1 });

    let ran = false;
    const refused = await limiter
      .run('greedy', async () => {
        ran = true;
      })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkShareExceededError);
    expect((refused as WorkShareExceededError).message).toMatch(/already has 3 image analyses running or waiting/);
    expect((refused as WorkShareExceededError).retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(ran).toBe(false);
    expect(limiter.load()).toEqual({ running: 2, waiting: 1 }); // the refused job took no place

    // The line has room left, and another key gets it.
    const other = heldJob();
    const otherResult = limiter.run('other', other.job);
    expect(limiter.load('other')).toEqual({ running: 0, waiting: 1 });
    for (const held of greedy) held.finish();
    other.finish();
    expect(await Promise.all([...results, otherResult])).toEqual(['ok', 'ok', 'ok', 'ok']);
    expect(limiter.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('hands freed slots to waiting keys in turn, not first come first served', async () => {
    const limiter = createWorkLimiter({ concurrency: 1, queue: 10, perKey: 10 });
    const order: string[] = [];
    const job = (name: string, held = heldJob()) => ({ held, result: limiter.run(name.split('-')[0]!, async () => (order.push(name), held.job())) });
    const first = job('a-0');
    const queued = ['a-1', 'a-2', 'a-3', 'b-1', 'b-2', 'c-1'].map((name) => job(name));
    await Promise.resolve();
    expect(order).toEqual(['a-0']);
    // Each job finishes as soon as it starts, so the slot passes on.
    for (const { held } of queued) held.finish();
    first.held.finish();
    await Promise.all([first.result, ...queued.map(({ result }) => result)]);
    // a's burst came first, yet b and c did not wait behind all of it.
    expect(order).toEqual(['a-0', 'a-1', 'b-1', 'c-1', 'a-2', 'b-2', 'a-3']);
  });
});
