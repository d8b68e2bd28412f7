import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ProvenanceStatus } from '../contract';
import type { ProvenanceCheck } from './check-provenance';
import { pollUntilFinal, type ProvisionalPollOptions } from './provisional-poller';

const answer = (status: ProvenanceStatus, summary: string = status): ProvenanceCheck => ({
  result: {
    verdict: 'camera-or-human',
    strength: status === 'final' ? 'signed' : 'declared',
    summary,
    evidence: [],
    warnings: [],
    sha256: 'a'.repeat(64),
    status,
  },
  checkedFrom: 'backend-fetched',
});

/** The backend's answers to successive polls, and the calls it got. */
function backend(...answers: ProvenanceCheck[]) {
  const asked: { latest: ProvenanceCheck; signal?: AbortSignal }[] = [];
  const next = async (latest: ProvenanceCheck, signal?: AbortSignal) => {
    asked.push({ latest, signal });
    return answers.shift() ?? latest;
  };
  return { next, asked };
}

/** Polls from `first`, noting each answer as it is told, so a test can look between timer steps. */
function poll(
  first: ProvenanceCheck,
  next: (latest: ProvenanceCheck, signal?: AbortSignal) => Promise<ProvenanceCheck>,
  options: ProvisionalPollOptions = {},
) {
  const seen: string[] = [];
  const done = pollUntilFinal(first, next, { ...options, onAnswer: (check) => seen.push(check.result.summary) });
  return { seen, done };
}

describe('pollUntilFinal', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('resolves with a final first answer, without asking again', async () => {
    const { next, asked } = backend();
    const { seen, done } = poll(answer('final'), next);
    expect((await done).result.summary).toBe('final');
    expect(seen).toEqual(['final']);
    expect(asked).toEqual([]);
  });

  it('asks again once an interval has passed, following the answer until it is final', async () => {
    const { next, asked } = backend(answer('provisional', 'still validating'), answer('final', 'validated'));
    const { seen, done } = poll(answer('provisional', 'first'), next, { intervalMs: 1000 });

    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toEqual(['first']); // shown at once; not asked again before the interval
    expect(asked).toHaveLength(0);

    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual(['first', 'still validating']);
    expect(asked[0]?.latest.result.summary).toBe('first');

    await vi.advanceTimersByTimeAsync(1000);
    expect((await done).result.summary).toBe('validated');
    expect(seen).toEqual(['first', 'still validating', 'validated']);
    expect(asked[1]?.latest.result.summary).toBe('still validating');
  });

  it('stops after maxPolls, leaving the last provisional answer standing', async () => {
    const { next, asked } = backend(); // never finishes validating
    const { seen, done } = poll(answer('provisional'), next, { intervalMs: 1000, maxPolls: 3 });
    await vi.advanceTimersByTimeAsync(10_000);
    expect((await done).result.status).toBe('provisional');
    expect(asked).toHaveLength(3);
    expect(seen).toEqual(['provisional', 'provisional', 'provisional', 'provisional']);
  });

  it('stops at once when its signal aborts mid-wait, and hands the signal to each question', async () => {
    const { next, asked } = backend(answer('provisional', 'second'));
    const controller = new AbortController();
    const { seen, done } = poll(answer('provisional', 'first'), next, { intervalMs: 1000, signal: controller.signal });
    const outcome = done.catch((error: unknown) => error);

    await vi.advanceTimersByTimeAsync(1000);
    expect(asked[0]?.signal).toBe(controller.signal);
    await vi.advanceTimersByTimeAsync(500);
    controller.abort(new Error('the card scrolled away'));
    expect(await outcome).toEqual(new Error('the card scrolled away'));

    await vi.advanceTimersByTimeAsync(10_000);
    expect(asked).toHaveLength(1); // no question after the abort
    expect(seen).toEqual(['first', 'second']);
    expect(vi.getTimerCount()).toBe(0); // and no timer left behind
  });

  it('asks nothing when its signal has already aborted', async () => {
    const { next, asked } = backend();
    const { seen, done } = poll(answer('provisional'), next, { signal: AbortSignal.abort(new Error('gone')) });
    await expect(done).rejects.toThrow('gone');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(seen).toEqual([]);
    expect(asked).toEqual([]);
  });
});
