/**
 * Per-token rate limiting: a token bucket for each API token, refilled at
 * `perMinute / 60` requests a second up to `burst`. A bucket lives in this
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
}

/** Buckets of tokens idle long enough to be full again are forgotten once there are this many. */
const PRUNE_ABOVE = 10_000;

export function createRateLimiter(settings: RateLimitSettings, now: () => number = () => performance.now()): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = settings.perMinute / 60_000;

  function prune(time: number) {
    for (const [key, bucket] of buckets) if (bucket.tokens + (time - bucket.at) * perMs >= settings.burst) buckets.delete(key);
  }

  return {
    settings,
    take(key) {
      if (settings.perMinute === 0) return { allowed: true, remaining: Infinity };
      const time = now();
      if (buckets.size > PRUNE_ABOVE) prune(time);
      const bucket = buckets.get(key) ?? { tokens: settings.burst, at: time };
      bucket.tokens = Math.min(settings.burst, bucket.tokens + (time - bucket.at) * perMs);
      bucket.at = time;
      buckets.set(key, bucket);
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
    },
  };
}
