import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../lib/api-client';
import { ApiError } from '../lib/api-client/api-error';
import { PROBLEM_MEDIA_TYPE, type SavePinResult } from '../contract';
import { backoffDelay, createSaveQueue, holdsBackQueue, isTransient, type QueuedSave, retryDelay } from './save-queue';

function memoryStore() {
  let items: QueuedSave[] = [];
  return {
    read: async () => structuredClone(items),
    write: async (next: QueuedSave[]) => void (items = structuredClone(next)),
    peek: () => items,
  };
}

const pin = (n: number) => ({
  boardId: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11',
  imageUrl: `https://cdn.example/${n}.jpg`,
});
const ok = (save: QueuedSave): SavePinResult => ({ outcome: 'created', pin: { id: save.id } as SavePinResult['pin'] });
/** A save already waiting in storage (e.g. from before the worker was stopped). */
const waiting = (n: number, at: number, attempts = 0): QueuedSave => ({
  id: `save-${n}`,
  pin: pin(n),
  boardName: 'Lamps',
  state: 'pending',
  attempts,
  nextAttemptAt: at,
  createdAt: at,
});
const refused = (status: number, retryAfterMs?: number) =>
  new ApiError('problem', `HTTP ${status}`, status, undefined, retryAfterMs);

describe('save queue', () => {
  it('stores a save before sending it and removes it once acknowledged', async () => {
    const store = memoryStore();
    let storedWhenSent = 0;
    const queue = createSaveQueue({
      store,
      wakeAt: () => {},
      send: async (save) => ((storedWhenSent = store.peek().length), ok(save)),
    });
    await queue.enqueue(pin(1), 'Lamps');
    await queue.flush();
    expect(storedWhenSent).toBe(1);
    expect(store.peek()).toEqual([]);
  });

  it('keeps every save while the backend is unreachable, backs off, and sends each with its own stable id', async () => {
    const store = memoryStore();
    let clock = 1_000_000;
    let down = true;
    const sentIds: string[] = [];
    const wakes: number[] = [];
    const queue = createSaveQueue({
      store,
      now: () => clock,
      wakeAt: (at) => wakes.push(at),
      send: async (save) => {
        sentIds.push(save.id);
        if (down) throw new ApiError('unreachable', 'Could not reach the Loupe backend');
        return ok(save);
      },
    });
    for (let n = 0; n < 20; n++) await queue.enqueue(pin(n), 'Lamps');
    await queue.flush();
    expect(store.peek()).toHaveLength(20);
    expect(store.peek().every((save) => save.state === 'pending')).toBe(true);
    expect(wakes.at(-1)).toBeGreaterThan(clock);

    // Nothing is retried before its backoff is over.
    const attemptsBefore = sentIds.length;
    await queue.flush();
    expect(sentIds.length).toBe(attemptsBefore);

    down = false;
    clock += 10 * 60_000;
    await queue.flush();
    expect(store.peek()).toEqual([]);
    const delivered = sentIds.slice(attemptsBefore);
    expect(new Set(delivered).size).toBe(20);
    // Retries reuse the id of their first attempt: the server's idempotency key.
    expect(sentIds.slice(0, attemptsBefore).every((id) => delivered.includes(id))).toBe(true);
  });

  it('stores many saves in one write, each with its own id and the batch, and reports each outcome', async () => {
    const store = memoryStore();
    let writesBeforeSend = 0;
    let writes = 0;
    const outcomes: [string | undefined, string][] = [];
    const queue = createSaveQueue({
      store: { ...store, write: async (items) => ((writes += 1), store.write(items)) },
      wakeAt: () => {},
      send: async (save) => {
        writesBeforeSend ||= writes;
        return { ...ok(save), outcome: save.pin.imageUrl.endsWith('/2.jpg') ? 'already-saved' : 'created' };
      },
      onSaved: (save, result) => outcomes.push([save.batchId, result.outcome]),
    });
    const saves = await queue.enqueueMany([pin(1), pin(2), pin(3)], 'Lamps', 'batch-1');
    await queue.flush();
    expect(writesBeforeSend).toBe(1);
    expect(new Set(saves.map((save) => save.id)).size).toBe(3);
    expect(outcomes).toEqual([
      ['batch-1', 'created'],
      ['batch-1', 'already-saved'],
      ['batch-1', 'created'],
    ]);
    expect(store.peek()).toEqual([]);
  });

  it('marks a save the server refuses as failed, with the reason, until retried or discarded', async () => {
    const store = memoryStore();
    const send = vi.fn(async (save: QueuedSave) => {
      if (save.attempts === 0) throw new ApiError('problem', 'You have no board with that id.', 404);
      return ok(save);
    });
    const queue = createSaveQueue({ store, wakeAt: () => {}, send });
    const save = await queue.enqueue(pin(1), 'Gone');
    await queue.flush();
    expect(store.peek()[0]).toMatchObject({
      id: save.id,
      state: 'failed',
      lastError: 'You have no board with that id.',
    });
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(1);

    await queue.retry(save.id);
    expect(store.peek()).toEqual([]);

    const other = await queue.enqueue(pin(2), 'Gone');
    await queue.flush();
    await queue.discard(other.id);
    expect(store.peek()).toEqual([]);
  });

  it('never loses a save when two changes race', async () => {
    const store = memoryStore();
    const queue = createSaveQueue({
      store,
      wakeAt: () => {},
      send: async () => Promise.reject(new ApiError('unreachable', 'down')),
    });
    await Promise.all(Array.from({ length: 25 }, (_, n) => queue.enqueue(pin(n), 'Lamps')));
    await queue.flush();
    expect(store.peek()).toHaveLength(25);
  });
});

describe('save queue and Retry-After', () => {
  afterEach(() => void vi.useRealTimers());

  it('waits out a 429’s Retry-After: no save is sent, nor the alarm set, before it', async () => {
    const store = memoryStore();
    let clock = 1_000_000;
    const limitedUntil = clock + 30_000;
    const sent: string[] = [];
    const wakes: number[] = [];
    const queue = createSaveQueue({
      store,
      now: () => clock,
      wakeAt: (at) => wakes.push(at),
      send: async (save) => {
        sent.push(save.id);
        if (clock < limitedUntil) throw refused(429, limitedUntil - clock);
        return ok(save);
      },
    });
    for (let n = 0; n < 3; n++) await queue.enqueue(pin(n), 'Lamps');
    await queue.flush();
    // One refusal holds back the whole queue: the limit is per token, the others would be refused too.
    expect(sent).toHaveLength(1);
    expect(store.peek().map((save) => save.nextAttemptAt)).toEqual([limitedUntil, limitedUntil, limitedUntil]);
    expect(wakes.at(-1)).toBe(limitedUntil);

    // A save made meanwhile joins the wait instead of being refused at once.
    clock += 1_000;
    await queue.enqueue(pin(3), 'Lamps');
    await queue.flush();
    expect(sent).toHaveLength(1);
    expect(store.peek().at(-1)?.nextAttemptAt).toBe(limitedUntil);
    expect(wakes.at(-1)).toBe(limitedUntil);

    clock = limitedUntil - 1;
    await queue.flush();
    expect(sent).toHaveLength(1);

    clock = limitedUntil;
    await queue.flush();
    expect(store.peek()).toEqual([]);
    expect(sent).toHaveLength(5);
  });

  it('lifts the hold once the backend takes a save, e.g. one the person retried by hand', async () => {
    const store = memoryStore();
    const clock = 1_000_000;
    let limited = true;
    const send = vi.fn(async (save: QueuedSave) => {
      if (limited) throw refused(429, 60_000);
      return ok(save);
    });
    const queue = createSaveQueue({ store, now: () => clock, wakeAt: () => {}, send });
    await queue.enqueue(pin(1), 'Lamps');
    await queue.flush();
    expect(store.peek()).toHaveLength(1);

    limited = false;
    await queue.retryAll();
    expect(store.peek()).toEqual([]);
    await queue.enqueue(pin(2), 'Lamps');
    await queue.flush();
    expect(store.peek()).toEqual([]);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('still sends a new save at once while the backend is unreachable: it checks whether it is back', async () => {
    const store = memoryStore();
    const clock = 1_000_000;
    let down = true;
    const send = vi.fn(async (save: QueuedSave) => {
      if (down) throw new ApiError('unreachable', 'down');
      return ok(save);
    });
    const queue = createSaveQueue({ store, now: () => clock, wakeAt: () => {}, send });
    await queue.enqueue(pin(1), 'Lamps');
    await queue.flush();
    down = false;
    const second = await queue.enqueue(pin(2), 'Lamps');
    await queue.flush();
    expect(store.peek().map((save) => save.id)).not.toContain(second.id);
  });

  it('holds the others for the time the server gave, not for the long backoff of a save that failed often', async () => {
    const store = memoryStore();
    const clock = 1_000_000;
    await store.write([waiting(1, clock, 9), waiting(2, clock)]);
    const wakes: number[] = [];
    const send = vi.fn(async () => Promise.reject(refused(429, 5_000)));
    const queue = createSaveQueue({ store, now: () => clock, wakeAt: (at) => wakes.push(at), send });
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(1);
    const [often, other] = store.peek();
    expect(often).toMatchObject({ attempts: 10, state: 'pending' });
    expect(often!.nextAttemptAt).toBeGreaterThanOrEqual(clock + 225_000); // its own backoff, longer than asked
    expect(other).toMatchObject({ attempts: 0, nextAttemptAt: clock + 5_000 });
    expect(wakes.at(-1)).toBe(clock + 5_000);
  });

  it('waits at most an hour, however long a busy (503) server asks', async () => {
    const store = memoryStore();
    const clock = 1_000_000;
    await store.write([waiting(1, clock), waiting(2, clock)]);
    const wakes: number[] = [];
    const send = vi.fn(async () => Promise.reject(refused(503, 2 * 24 * 3_600_000)));
    const queue = createSaveQueue({ store, now: () => clock, wakeAt: (at) => wakes.push(at), send });
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(1);
    expect(store.peek().map((save) => save.nextAttemptAt)).toEqual([clock + 3_600_000, clock + 3_600_000]);
    expect(wakes.at(-1)).toBe(clock + 3_600_000);
  });

  it('goes on with the other saves after a failure that may concern one save alone', async () => {
    const store = memoryStore();
    await store.write([waiting(1, 0), waiting(2, 0), waiting(3, 0)]);
    const send = vi.fn(async (save: QueuedSave) => {
      if (save.id === 'save-1') throw refused(500);
      if (save.id === 'save-2') throw refused(503);
      return ok(save);
    });
    const queue = createSaveQueue({ store, now: () => 1_000_000, wakeAt: () => {}, send });
    await queue.flush();
    expect(send).toHaveBeenCalledTimes(3);
    expect(store.peek().map((save) => save.id)).toEqual(['save-1', 'save-2']);
  });

  it('honours an HTTP-date Retry-After that reaches it through the API client', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse('2026-03-01T12:00:00Z'));
    const busy = { type: 'about:blank', title: 'Busy', status: 503, detail: 'The image work line is full.' };
    const client = createApiClient({
      baseUrl: 'http://loupe.test',
      token: 'token',
      fetch: async () =>
        new Response(JSON.stringify(busy), {
          status: 503,
          headers: { 'content-type': PROBLEM_MEDIA_TYPE, 'retry-after': 'Sun, 01 Mar 2026 12:02:00 GMT' },
        }),
    });
    const store = memoryStore();
    const wakes: number[] = [];
    const queue = createSaveQueue({
      store,
      wakeAt: (at) => wakes.push(at),
      send: (save) => client.savePin(save.pin, save.id),
    });
    await queue.enqueue(pin(1), 'Lamps');
    await queue.flush();
    const retryAt = Date.parse('2026-03-01T12:02:00Z');
    expect(store.peek()[0]).toMatchObject({
      state: 'pending',
      attempts: 1,
      nextAttemptAt: retryAt,
      lastError: busy.detail,
    });
    expect(wakes.at(-1)).toBe(retryAt);
  });
});

describe('retry policy', () => {
  it('retries network failures, 5xx, 408 and 429, not other refusals', () => {
    expect(isTransient(new ApiError('unreachable', 'x'))).toBe(true);
    expect(isTransient(new ApiError('problem', 'x', 503))).toBe(true);
    expect(isTransient(new ApiError('problem', 'x', 429))).toBe(true);
    expect(isTransient(new ApiError('problem', 'x', 400))).toBe(false);
    expect(isTransient(new ApiError('unauthorized', 'x', 401))).toBe(false);
    expect(isTransient(new TypeError('boom'))).toBe(true);
  });

  it('holds back the whole queue when every save would fail alike: unreachable, rate-limited, or busy for a given time', () => {
    expect(holdsBackQueue(new ApiError('unreachable', 'x'))).toBe(true);
    expect(holdsBackQueue(refused(429))).toBe(true);
    expect(holdsBackQueue(refused(429, 1_000))).toBe(true);
    expect(holdsBackQueue(refused(503, 1_000))).toBe(true);
    expect(holdsBackQueue(refused(503))).toBe(false);
    expect(holdsBackQueue(refused(500, 1_000))).toBe(false);
    expect(holdsBackQueue(refused(400))).toBe(false);
    expect(holdsBackQueue(new TypeError('boom'))).toBe(false);
  });

  it('waits the longer of the backoff and the server’s Retry-After, at most an hour', () => {
    const mid = () => 0.5;
    expect(retryDelay(refused(429, 30_000), 1, mid)).toBe(30_000);
    expect(retryDelay(refused(429, 1_000), 5, mid)).toBe(32_000);
    expect(retryDelay(refused(503, 7_200_000), 1, mid)).toBe(3_600_000);
    expect(retryDelay(refused(503), 3, mid)).toBe(8_000);
    expect(retryDelay(new TypeError('boom'), 1, mid)).toBe(2_000);
  });

  it('backs off exponentially up to five minutes', () => {
    const mid = () => 0.5;
    expect(backoffDelay(1, mid)).toBe(2_000);
    expect(backoffDelay(3, mid)).toBe(8_000);
    expect(backoffDelay(30, mid)).toBe(300_000);
  });
});
