import type { ProvenanceCheck } from './check-provenance';

export interface ProvisionalPollOptions {
  /** Told each answer as it comes, the first one included (to show it at once). */
  onAnswer?: (answer: ProvenanceCheck) => void;
  /** Stops the polling at once, mid-wait or mid-request: the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** How long to wait before asking again. */
  intervalMs?: number;
  /** Questions asked at most after the first answer. */
  maxPolls?: number;
}

/** The backend validates within seconds: ask every 1.5 s, for a minute at most. */
const INTERVAL_MS = 1500;
const MAX_POLLS = 40;

/**
 * A provenance answer followed to its final one, for the on-page badges and the panel alike.
 * While the latest answer is provisional (the backend answered from credentials it is still
 * validating), waits and asks `next(latest)`. Resolves with the last answer: the final one, or,
 * after `maxPolls` questions, the last provisional one (a validation that never ends is not
 * polled for ever).
 */
export async function pollUntilFinal(
  first: ProvenanceCheck,
  next: (latest: ProvenanceCheck, signal?: AbortSignal) => Promise<ProvenanceCheck>,
  { onAnswer, signal, intervalMs = INTERVAL_MS, maxPolls = MAX_POLLS }: ProvisionalPollOptions = {},
): Promise<ProvenanceCheck> {
  signal?.throwIfAborted();
  let latest = first;
  onAnswer?.(latest);
  for (let poll = 0; latest.result.status === 'provisional' && poll < maxPolls; poll++) {
    await pause(intervalMs, signal);
    latest = await next(latest, signal);
    onAnswer?.(latest);
  }
  return latest;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const stop = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', stop);
      resolve();
    }, ms);
    signal?.addEventListener('abort', stop, { once: true });
  });
}
