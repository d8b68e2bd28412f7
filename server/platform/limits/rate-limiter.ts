import { createTokenBuckets } from '../../../utils/lib/token-bucket';

/**
 * Rate limiting by key: a token bucket for each key (an API token; for failed
 * sign-ins, a client address), refilled at `perMinute / 60` requests a second
 * up to `burst`. A bucket lives in this
 * process's memory, so with several servers behind a load balancer each one
 * counts on its own (the effective limit is the sum): fine for Loupe's sizes,
 * and it needs no shared store. `perMinute: 0` turns limiting off.
 */
export interface RateLimitSettings {
  /** Sustained requests a minute per token; 0 = no limit. */
  perMinute: number;
  /** Requests a token may make at once, after being idle. */
  burst: number;
}

export type RateDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterSeconds: number };

export interface RateLimiter {
  readonly settings: RateLimitSettings;
  take(key: string): RateDecision;
  /** Gives back one request taken from `key`'s bucket (up to the burst), for a request that turned out not to count. */
  refund(key: string): void;
}

/** Keys (tokens, client addresses) remembered at most: see `createTokenBuckets` for which are forgotten. */
const MAX_KEYS = 10_000;

export function createRateLimiter(
  settings: RateLimitSettings,
  now: () => number = () => performance.now(),
  maxKeys = MAX_KEYS,
): RateLimiter {
  const buckets = createTokenBuckets<string>({
    burst: settings.burst,
    refillPerMs: settings.perMinute / 60_000,
    now,
    maxKeys,
  });
  return {
    settings,
    take(key) {
      if (settings.perMinute === 0) return { allowed: true, remaining: Infinity };
      const taken = buckets.take(key);
      if (taken.allowed) return taken;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(taken.waitMs / 1000)) };
    },
    refund: (key) => buckets.refund(key),
  };
}
