/**
 * Bounds expensive work (image decoding, C2PA validation, embeddings): at most
 * `concurrency` jobs run, at most `queue` more wait their turn, and anything
 * beyond that is refused at once. A burst so waits in a short line or is told
 * to come back, instead of holding hundreds of decoded images in memory.
 *
 * The line is shared fairly between keys (API tokens): one key may hold at
 * most `perKey` places (running and waiting together), and a freed slot goes
 * to the keys with waiting jobs in turn, so one client's burst can neither
 * fill the line nor make everyone else wait behind all of it.
 */
export interface WorkLimitSettings {
  concurrency: number;
  queue: number;
  /** Places (running plus waiting) one key may hold at once; default half the line, at least 1 (see `perKeyShare`). */
  perKey?: number | undefined;
}

/** The default fair share: half of the line (slots plus waiting places), rounded up, at least one. */
export const perKeyShare = (settings: WorkLimitSettings): number =>
  settings.perKey ?? Math.max(1, Math.ceil((settings.concurrency + settings.queue) / 2));

export class WorkQueueFullError extends Error {
  override name = 'WorkQueueFullError';
  constructor(
    readonly retryAfterSeconds: number,
    message = 'Too much image work is waiting; try again shortly.',
  ) {
    super(message);
  }
}

/** This key already holds its share of the line (others may still get in). */
export class WorkShareExceededError extends WorkQueueFullError {
  override name = 'WorkShareExceededError';
  constructor(
    retryAfterSeconds: number,
    readonly share: number,
  ) {
    super(
      retryAfterSeconds,
      `This token already has ${share} image analyses running or waiting, its share of the line; try again when one has finished.`,
    );
  }
}

export interface WorkLimiter {
  readonly settings: WorkLimitSettings;
  /**
   * Runs `job` for `key` when a slot is free. Throws, without running it, WorkShareExceededError
   * when `key` already holds its share of the line, or WorkQueueFullError when the line is full.
   */
  run<T>(key: string, job: () => Promise<T>): Promise<T>;
  /** Jobs running and waiting now (for one key, when given). */
  load(key?: string): { running: number; waiting: number };
}

export function createWorkLimiter(
  settings: WorkLimitSettings,
  now: () => number = () => performance.now(),
): WorkLimiter {
  const share = perKeyShare(settings);
  let running = 0;
  let waitingCount = 0;
  /** Waiting jobs by key, FIFO within a key; the Map's order is the turn order of keys. */
  const waiting = new Map<string, (() => void)[]>();
  /** Places each key holds (running plus waiting); a key holding none has no entry. */
  const held = new Map<string, { running: number; waiting: number }>();
  // A moving average of how long a job takes, to tell a refused client when a slot should be free.
  let averageMs = 1000;

  const retryAfter = (ahead: number) =>
    Math.min(60, Math.max(1, Math.ceil(((ahead / settings.concurrency + 1) * averageMs) / 1000)));

  const holding = (key: string) => {
    let places = held.get(key);
    if (!places) held.set(key, (places = { running: 0, waiting: 0 }));
    return places;
  };

  async function acquire(key: string) {
    const current = held.get(key);
    if (current && current.running + current.waiting >= share)
      throw new WorkShareExceededError(retryAfter(current.waiting), share);
    if (running < settings.concurrency) {
      running++;
      holding(key).running++;
      return;
    }
    if (waitingCount >= settings.queue) throw new WorkQueueFullError(retryAfter(waitingCount));
    holding(key).waiting++;
    waitingCount++;
    let line = waiting.get(key);
    if (!line) waiting.set(key, (line = []));
    // The slot is handed over by release(), so `running` already counts this job when it resumes.
    await new Promise<void>((resolve) => line.push(resolve));
  }

  /** Hands the freed slot to the next key in turn (round robin), else frees it. */
  function release(key: string) {
    const places = holding(key);
    places.running--;
    if (places.running === 0 && places.waiting === 0) held.delete(key);

    const next = waiting.entries().next();
    if (next.done) {
      running--;
      return;
    }
    const [nextKey, line] = next.value;
    const resume = line.shift()!;
    // This key had its turn: it goes to the back of the turn order (or leaves it, having no more waiting).
    waiting.delete(nextKey);
    if (line.length > 0) waiting.set(nextKey, line);
    waitingCount--;
    const nextPlaces = holding(nextKey);
    nextPlaces.waiting--;
    nextPlaces.running++;
    resume();
  }

  return {
    settings: { ...settings, perKey: share },
    async run(key, job) {
      await acquire(key);
      const started = now();
      try {
        return await job();
      } finally {
        averageMs = averageMs * 0.8 + (now() - started) * 0.2;
        release(key);
      }
    },
    load(key) {
      if (key === undefined) return { running, waiting: waitingCount };
      const places = held.get(key);
      return { running: places?.running ?? 0, waiting: places?.waiting ?? 0 };
    },
  };
}

/**
 * The image-work line from its settings: `concurrency` slots, and `concurrency + queue` places for
 * requests reading their upload, waiting for a slot or in one, of which a key holds at most its
 * share. Reading happens in a place, outside the slots: a slow upload cannot hold a slot.
 */
export function createImageWorkLine(settings: WorkLimitSettings): { places: WorkLimiter; slots: WorkLimiter } {
  const places = settings.concurrency + settings.queue;
  return {
    places: createWorkLimiter({ concurrency: places, queue: 0, perKey: perKeyShare(settings) }),
    // Never full: the places bound what can wait for a slot.
    slots: createWorkLimiter({ concurrency: settings.concurrency, queue: places, perKey: places }),
  };
}
