/**
 * Bounds expensive work (image decoding, C2PA validation, embeddings): at most
 * `concurrency` jobs run, at most `queue` more wait their turn, and anything
 * beyond that is refused at once. A burst so waits in a short line or is told
 * to come back, instead of holding hundreds of decoded images in memory.
 */
export interface WorkLimitSettings {
  concurrency: number;
  queue: number;
}

export class WorkQueueFullError extends Error {
  override name = 'WorkQueueFullError';
  constructor(readonly retryAfterSeconds: number) {
    super('Too much image work is waiting; try again shortly.');
  }
}

export interface WorkLimiter {
  readonly settings: WorkLimitSettings;
  /** Runs `job` when a slot is free; throws WorkQueueFullError, without running it, when the line is full. */
  run<T>(job: () => Promise<T>): Promise<T>;
  /** Jobs running and waiting now. */
  load(): { running: number; waiting: number };
}

export function createWorkLimiter(settings: WorkLimitSettings, now: () => number = () => performance.now()): WorkLimiter {
  let running = 0;
  const waiting: (() => void)[] = [];
  // A moving average of how long a job takes, to tell a refused client when a slot should be free.
  let averageMs = 1000;

  const retryAfter = () => Math.min(60, Math.max(1, Math.ceil(((waiting.length / settings.concurrency + 1) * averageMs) / 1000)));

  async function acquire() {
    if (running < settings.concurrency) {
      running++;
      return;
    }
    if (waiting.length >= settings.queue) throw new WorkQueueFullError(retryAfter());
    // The slot is handed over by release(), so `running` already counts this job when it resumes.
    await new Promise<void>((resolve) => waiting.push(resolve));
  }

  function release() {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }

  return {
    settings,
    async run(job) {
      await acquire();
      const started = now();
      try {
        return await job();
      } finally {
        averageMs = averageMs * 0.8 + (now() - started) * 0.2;
        release();
      }
    },
    load: () => ({ running, waiting: waiting.length }),
  };
}
