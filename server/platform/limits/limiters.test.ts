import { describe, expect, it } from 'vitest';
import { createAuthFailureGuard } from './auth-failures';
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

  it('gives a request back on refund, never beyond the burst', () => {
    const limiter = createRateLimiter({ perMinute: 60, burst: 2 }, () => 0);
    limiter.take('a');
    limiter.take('a');
    limiter.refund('a');
    expect(limiter.take('a').allowed).toBe(true);
    expect(limiter.take('a').allowed).toBe(false);
    limiter.refund('a');
    limiter.refund('a');
    limiter.refund('a');
    expect([1, 2, 3].map(() => limiter.take('a').allowed)).toEqual([true, true, false]);
  });

  it('keeps its memory bounded when many keys are busy at once (a flood from many addresses)', () => {
    const limiter = createRateLimiter({ perMinute: 1, burst: 1 }, () => 0, 100);
    for (let i = 0; i < 1000; i++) limiter.take(`address-${i}`);
    // The newest keys are still counted; the oldest were let go to bound memory.
    expect(limiter.take('address-999').allowed).toBe(false);
    expect(limiter.take('address-0').allowed).toBe(true);
  });
});

describe('failed sign-in guard (per client address)', () => {
  const good = `loupe_${'g'.repeat(43)}`;
  const guess = (i: number) => `loupe_${String(i).padStart(43, '0')}`;

  it('counts tokens that fail, refuses the address past its burst whatever the token, and forgives with time', () => {
    let now = 0;
    const guard = createAuthFailureGuard({ perMinute: 60, burst: 2 }, () => now);
    for (const i of [1, 2]) {
      const admission = guard.admit('203.0.113.7', guess(i));
      expect(admission.allowed).toBe(true);
      if (admission.allowed) admission.failed();
    }
    expect(guard.admit('203.0.113.7', guess(3))).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // A valid token never seen from here is refused too: a different answer would tell a guesser it is right.
    expect(guard.admit('203.0.113.7', good).allowed).toBe(false);
    expect(guard.admit('198.51.100.1', guess(4)).allowed).toBe(true); // another address has its own budget
    now += 1000;
    expect(guard.admit('203.0.113.7', guess(5)).allowed).toBe(true);
  });

  it('never counts successes, and lets a token that succeeded from an address keep working from it during a lockout', () => {
    const guard = createAuthFailureGuard({ perMinute: 60, burst: 2 }, () => 0);
    for (let i = 0; i < 100; i++) {
      const admission = guard.admit('203.0.113.7', good);
      expect(admission.allowed).toBe(true);
      if (admission.allowed) admission.succeeded();
    }
    for (const i of [1, 2]) {
      const admission = guard.admit('203.0.113.7', guess(i));
      if (admission.allowed) admission.failed();
    }
    expect(guard.admit('203.0.113.7', guess(3)).allowed).toBe(false);
    const known = guard.admit('203.0.113.7', good);
    expect(known.allowed).toBe(true);
    // Revoked since: it fails like any other and is no longer let through.
    if (known.allowed) known.failed();
    expect(guard.admit('203.0.113.7', good).allowed).toBe(false);
    // Known from one address is not known from another.
    const elsewhere = createAuthFailureGuard({ perMinute: 60, burst: 1 }, () => 0);
    const first = elsewhere.admit('203.0.113.7', good);
    if (first.allowed) first.succeeded();
    const failedOnce = elsewhere.admit('198.51.100.1', guess(1));
    if (failedOnce.allowed) failedOnce.failed();
    expect(elsewhere.admit('198.51.100.1', good).allowed).toBe(false);
  });

  it('counts lookups under way, so concurrent guesses cannot slip past the burst; a lookup that errs is given back', () => {
    const guard = createAuthFailureGuard({ perMinute: 60, burst: 3 }, () => 0);
    const admissions = Array.from({ length: 10 }, (_, i) => guard.admit('203.0.113.7', guess(i)));
    expect(admissions.filter((admission) => admission.allowed)).toHaveLength(3);
    const [first] = admissions;
    if (first?.allowed) first.cancel(); // the database failed: not the client's failure
    expect(guard.admit('203.0.113.7', guess(11)).allowed).toBe(true);
    expect(guard.admit('203.0.113.7', guess(12)).allowed).toBe(false);
  });

  it('admits everything when off (0 a minute)', () => {
    const guard = createAuthFailureGuard({ perMinute: 0, burst: 1 }, () => 0);
    for (let i = 0; i < 100; i++) {
      const admission = guard.admit('203.0.113.7', guess(i));
      expect(admission.allowed).toBe(true);
      if (admission.allowed) admission.failed();
    }
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
    const job = (name: string, held = heldJob()) => ({
      held,
      result: limiter.run(name.split('-')[0]!, async () => (order.push(name), held.job())),
    });
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
