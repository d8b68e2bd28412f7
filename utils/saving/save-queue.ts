import type { CreatePin, SavePinResult } from '../contract';
import { ApiError } from '../lib/api-client/api-error';

/**
 * The persistent save queue. Every save is written to extension storage
 * *before* it is sent, under a client-generated id that doubles as the
 * request's Idempotency-Key. So a save survives a backend that is down, a
 * service worker that Chrome stops mid-request, and a browser restart; and
 * however often it is retried, the server makes one pin.
 */
export interface QueuedSave {
  /** Client-generated; sent as the Idempotency-Key on every attempt. */
  id: string;
  pin: CreatePin;
  /** Shown in the side panel while the save waits, e.g. the board's name. */
  boardName: string;
  state: 'pending' | 'failed';
  attempts: number;
  /** Epoch ms before which the save is not retried (backoff, or the server's Retry-After). */
  nextAttemptAt: number;
  lastError?: string;
  createdAt: number;
  /** The "save many" this save belongs to, whose tally its outcome joins (see save-batches). */
  batchId?: string;
}

export interface SaveQueueStore {
  read(): Promise<QueuedSave[]>;
  write(items: QueuedSave[]): Promise<void>;
}

export interface SaveQueueOptions {
  store: SaveQueueStore;
  /** Sends one save to the backend with its id as Idempotency-Key. */
  send(save: QueuedSave): Promise<SavePinResult>;
  /** Asks to be woken at this time (a browser alarm survives the worker being stopped). */
  wakeAt(epochMs: number): void;
  onSaved?(save: QueuedSave, result: SavePinResult): void;
  now?: () => number;
  newId?: () => string;
}

const BASE_DELAY_MS = 2_000;
const MAX_DELAY_MS = 5 * 60_000;

/** Exponential backoff with jitter: 2 s, 4 s, 8 s … at most 5 minutes. */
export function backoffDelay(attempts: number, random = Math.random): number {
  const exponential = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.75 + random() * 0.5));
}

/**
 * The longest a server's Retry-After may hold a save back. A server asking for more is
 * misconfigured (or not Loupe), and a save should not sit out of sight for a day.
 */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/** How long the server asked to be left alone (its Retry-After), at most an hour; undefined if it did not say. */
export function serverWait(error: unknown): number | undefined {
  const asked = error instanceof ApiError ? error.retryAfterMs : undefined;
  return asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_MS);
}

/** How long a failed save waits: its backoff, or longer if the server said so. */
export function retryDelay(error: unknown, attempts: number, random = Math.random): number {
  return Math.max(backoffDelay(attempts, random), serverWait(error) ?? 0);
}

/** Whether a failure of one save means every other save would fail now too, so they all wait. */
export function holdsBackQueue(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error.kind === 'unreachable') return true;
  // The rate limit is per token: until it refills, every save would be refused alike.
  if (error.status === 429) return true;
  // Busy (the image-work line) and said when to come back; a 503 without that may be about this save alone.
  return error.status === 503 && error.retryAfterMs !== undefined;
}

/** Whether trying again later can help: the backend was unreachable, overloaded or failing. */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ApiError)) return true; // an unexpected failure: keep the save, try again
  if (error.kind === 'unreachable') return true;
  return error.status !== undefined && (error.status >= 500 || error.status === 408 || error.status === 429);
}

export function createSaveQueue({
  store,
  send,
  wakeAt,
  onSaved,
  now = Date.now,
  newId = () => crypto.randomUUID(),
}: SaveQueueOptions) {
  // One change at a time: reads and writes of the stored queue never interleave.
  let tail: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const result = tail.then(work, work);
    tail = result.catch(() => undefined);
    return result;
  };
  const update = (change: (items: QueuedSave[]) => QueuedSave[]) =>
    exclusive(async () => {
      const items = change(await store.read());
      await store.write(items);
      return items;
    });

  let flushing: Promise<void> | undefined;
  let flushAgain = false;
  // Until when the server has asked the whole queue to wait. Kept in memory only: it keeps saves made
  // meanwhile from being sent (and refused) at once; after a worker restart, one refusal sets it again.
  let heldUntil = 0;

  /** Records a failed attempt; returns when the save may be tried again. */
  async function recordFailure(item: QueuedSave, error: unknown): Promise<number> {
    const message = error instanceof Error ? error.message : String(error);
    const transient = isTransient(error);
    const retryAt = now() + retryDelay(error, item.attempts + 1);
    await update((items) =>
      items.map((other) =>
        other.id !== item.id
          ? other
          : {
              ...other,
              attempts: other.attempts + 1,
              lastError: message,
              state: transient ? 'pending' : 'failed',
              nextAttemptAt: transient ? retryAt : other.nextAttemptAt,
            },
      ),
    );
    return retryAt;
  }

  /**
   * After a failure every save would meet alike, nothing pending is sent before the time the server
   * gave (as if each save had failed once), or, if it gave none, before the failed save's own retry:
   * not the rest of this pass, nor saves that were due sooner. Not the failed save's own backoff when
   * the server gave a time: a save that failed often would hold the others far longer than asked.
   */
  async function holdAll(error: unknown, retryAt: number): Promise<void> {
    const until = serverWait(error) === undefined ? retryAt : now() + retryDelay(error, 1);
    // A server that asked for time gets it from saves made meanwhile too (they would only be refused);
    // an unreachable backend does not: the next save is a welcome check of whether it is back.
    if (!(error instanceof ApiError && error.kind === 'unreachable')) heldUntil = Math.max(heldUntil, until);
    await update((items) =>
      items.map((other) =>
        other.state === 'pending' && other.nextAttemptAt < until ? { ...other, nextAttemptAt: until } : other,
      ),
    );
  }

  /** Asks to be woken for the earliest pending save (after a hold, the time the server gave). */
  async function scheduleWake(): Promise<void> {
    const next = (await store.read()).filter((item) => item.state === 'pending').map((item) => item.nextAttemptAt);
    if (next.length > 0) wakeAt(Math.max(now(), Math.min(...next)));
  }

  async function flushOnce(): Promise<void> {
    const due = (await store.read()).filter((item) => item.state === 'pending' && item.nextAttemptAt <= now());
    for (const item of due) {
      try {
        const result = await send(item);
        await update((items) => items.filter((other) => other.id !== item.id));
        heldUntil = 0; // the backend took a save: whatever held the queue is over
        onSaved?.(item, result);
      } catch (error) {
        const retryAt = await recordFailure(item, error);
        if (holdsBackQueue(error)) {
          await holdAll(error, retryAt);
          break;
        }
      }
    }
    await scheduleWake();
  }

  return {
    /** Records a save and starts sending it. Resolves once the save is safely stored, not when it is sent. */
    async enqueue(pin: CreatePin, boardName: string): Promise<QueuedSave> {
      const [save] = await this.enqueueMany([pin], boardName);
      return save!;
    },

    /**
     * Records many saves in one write (a "save many" from the side panel), then starts sending them.
     * Resolves once all are safely stored.
     */
    async enqueueMany(pins: CreatePin[], boardName: string, batchId?: string): Promise<QueuedSave[]> {
      // While the queue is held, a new save joins the wait rather than being refused at once.
      const saves = pins.map((pin): QueuedSave => ({
        id: newId(),
        pin,
        boardName,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: Math.max(now(), heldUntil),
        createdAt: now(),
        ...(batchId ? { batchId } : {}),
      }));
      await update((items) => [...items, ...saves]);
      void this.flush();
      return saves;
    },

    /** Sends every save that is due. A call during a pass makes the pass run once more, for saves added meanwhile. */
    flush(): Promise<void> {
      if (flushing) {
        flushAgain = true;
        return flushing;
      }
      flushing = (async () => {
        do {
          flushAgain = false;
          await flushOnce();
        } while (flushAgain);
      })().finally(() => (flushing = undefined));
      return flushing;
    },

    /** Puts a failed (or waiting) save back at the front of the line. */
    async retry(id: string): Promise<void> {
      await update((items) =>
        items.map((item) => (item.id === id ? { ...item, state: 'pending', nextAttemptAt: now() } : item)),
      );
      await this.flush();
    },

    /** Retries every save now, e.g. when the person presses "Retry all" or the backend is back. */
    async retryAll(): Promise<void> {
      await update((items) => items.map((item) => ({ ...item, state: 'pending', nextAttemptAt: now() })));
      await this.flush();
    },

    async discard(id: string): Promise<void> {
      await update((items) => items.filter((item) => item.id !== id));
    },

    list: () => store.read(),
  };
}
export type SaveQueue = ReturnType<typeof createSaveQueue>;
