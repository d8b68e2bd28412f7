import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api-client/api-error';
import type { SavePinResult } from '../contract';
import { backoffDelay, createSaveQueue, isTransient, type QueuedSave } from './save-queue';

function memoryStore() {
  let items: QueuedSave[] = [];
  return { read: async () => structuredClone(items), write: async (next: QueuedSave[]) => void (items = structuredClone(next)), peek: () => items };
}

const pin = (n: number) => ({ boardId: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11', imageUrl: `https://cdn.example/${n}.jpg` });
const ok = (save: QueuedSave): SavePinResult => ({ outcome: 'created', pin: { id: save.id } as SavePinResult['pin'] });

describe('save queue', () => {
  it('stores a save before sending it and removes it once acknowledged', async () => {
    const store = memoryStore();
    let storedWhenSent = 0;
    const queue = createSaveQueue({ store, wakeAt: () => {}, send: async (save) => ((storedWhenSent = store.peek().length), ok(save)) });
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

  it('marks a save the server refuses as failed, with the reason, until retried or discarded', async () => {
    const store = memoryStore();
    const send = vi.fn(async (save: QueuedSave) => {
      if (save.attempts === 0) throw new ApiError('problem', 'You have no board with that id.', 404);
      return ok(save);
    });
    const queue = createSaveQueue({ store, wakeAt: () => {}, send });
    const save = await queue.enqueue(pin(1), 'Gone');
    await queue.flush();
    expect(store.peek()[0]).toMatchObject({ id: save.id, state: 'failed', lastError: 'You have no board with that id.' });
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
    const queue = createSaveQueue({ store, wakeAt: () => {}, send: async () => Promise.reject(new ApiError('unreachable', 'down')) });
    await Promise.all(Array.from({ length: 25 }, (_, n) => queue.enqueue(pin(n), 'Lamps')));
    await queue.flush();
    expect(store.peek()).toHaveLength(25);
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

  it('backs off exponentially up to five minutes', () => {
    const mid = () => 0.5;
    expect(backoffDelay(1, mid)).toBe(2_000);
    expect(backoffDelay(3, mid)).toBe(8_000);
    expect(backoffDelay(30, mid)).toBe(300_000);
  });
});
