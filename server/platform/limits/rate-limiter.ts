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

/**
 * Buckets are pruned once there are more than `maxKeys`: those idle long enough to be full again
 * first; then, should the keys be many and busy (a flood from many client addresses), the
 * longest-known ones, down to half, so memory stays bounded and pruning is rare.
 */
const MAX_KEYS = 10_000;

export function createRateLimiter(settings: RateLimitSettings, now: () => number = () => performance.now(), maxKeys = MAX_KEYS): RateLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const perMs = settings.perMinute / 60_000;

  function prune(time: number) {
    for (const [key, bucket] of buckets) if (bucket.tokens + (time - bucket.at) * perMs >= settings.burst) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys / 2) break;
      buckets.delete(key);
    }
  }

  return {
    settings,
    take(key) {
      if (settings.perMinute === 0) return { allowed: true, remaining: Infinity };
      const time = now();
      if (buckets.size > maxKeys) prune(time);
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
    refund(key) {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(settings.burst, bucket.tokens + 1);
    },
  };
}
