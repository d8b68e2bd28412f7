/**
 * Token buckets, one per key: the one rate limit both sides use (the server's per-token and
 * failed-sign-in limits, the background's per-tab message limit). A bucket holds up to `burst`
 * tokens and gets them back continuously at `refillPerMs`; a request takes one whole token or is
 * refused.
 *
 * The extension and the server both compile this file (server/tsconfig.json includes it, and
 * eslint.config.js lets the server import it and nothing else from utils/ but the contract), so it
 * depends on nothing and uses no platform: no DOM, no Node, not even a clock of its own.
 */
export interface TokenBucketSettings {
  /** Tokens a full bucket holds: the requests a key may make at once after a pause. */
  burst: number;
  /** Tokens that come back each millisecond. */
  refillPerMs: number;
  /** The time in milliseconds, from any origin; passed in, so tests move time by hand. */
  now: () => number;
  /** Keys remembered at most: past that, some are forgotten (see `forget`). */
  maxKeys: number;
}

export type TokenTake = { allowed: true; remaining: number } | { allowed: false; waitMs: number };

export interface TokenBuckets<K> {
  /** Takes a token from `key`'s bucket when it holds a whole one; otherwise says how long until it will. */
  take(key: K): TokenTake;
  /** Puts a token back into `key`'s bucket (never beyond the burst), for a request that turned out not to count. */
  refund(key: K): void;
}

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date. */
  at: number;
}

export function createTokenBuckets<K>({ burst, refillPerMs, now, maxKeys }: TokenBucketSettings): TokenBuckets<K> {
  const buckets = new Map<K, Bucket>();

  /** What a bucket holds at `time`: its tokens, plus those that came back since, up to the burst. */
  const level = (bucket: Bucket, time: number) => Math.min(burst, bucket.tokens + (time - bucket.at) * refillPerMs);

  /**
   * Keeps memory bounded. A bucket that is full again is what a new key gets anyway, so those go
   * first and nothing changes; should the keys be many and busy (a flood from many client
   * addresses), the longest-known ones go too, down to half, so that forgetting stays rare.
   */
  function forget(time: number) {
    for (const [key, bucket] of buckets) if (level(bucket, time) >= burst) buckets.delete(key);
    for (const key of buckets.keys()) {
      if (buckets.size <= maxKeys / 2) break;
      buckets.delete(key);
    }
  }

  return {
    take(key) {
      const time = now();
      let bucket = buckets.get(key);
      if (!bucket) {
        if (buckets.size >= maxKeys) forget(time);
        buckets.set(key, (bucket = { tokens: burst, at: time }));
      }
      bucket.tokens = level(bucket, time);
      bucket.at = time;
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return { allowed: true, remaining: Math.floor(bucket.tokens) };
      }
      return { allowed: false, waitMs: (1 - bucket.tokens) / refillPerMs };
    },
    refund(key) {
      const bucket = buckets.get(key);
      if (bucket) bucket.tokens = Math.min(burst, bucket.tokens + 1);
    },
  };
}
