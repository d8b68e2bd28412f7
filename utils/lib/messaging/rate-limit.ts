/**
 * A token bucket per key (e.g. per tab): `burst` messages at once, refilled at
 * `perSecond`. Web pages drive what content scripts send (a page that rewrites
 * its images in a loop makes its content script report in a loop), so the
 * background admits a bounded rate from each tab and refuses the rest.
 */
export function createRateLimit({ perSecond, burst, now = () => Date.now(), maxKeys = 1000 }: { perSecond: number; burst: number; now?: () => number; maxKeys?: number }) {
  const buckets = new Map<string | number, { tokens: number; at: number }>();
  return function admit(key: string | number): boolean {
    const time = now();
    let bucket = buckets.get(key);
    if (!bucket) {
      if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value!); // forget the oldest tab
      buckets.set(key, (bucket = { tokens: burst, at: time }));
    }
    bucket.tokens = Math.min(burst, bucket.tokens + ((time - bucket.at) / 1000) * perSecond);
    bucket.at = time;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };
}
