import { LRUCache } from 'lru-cache';

/**
 * Which image (by SHA-256) a user's `POST /v1/provenance {"url"}` fetched lately, so asking about
 * the same URL again is answered from the provenance cache without fetching it again and without
 * waiting in the image-work line. Per user: one user cannot learn from it which URLs another
 * asked about. Entries expire (an image at a URL may change) and the memory is bounded.
 */
export interface ProvenanceUrlMemory {
  remember(userId: string, url: string, sha256: string): void;
  /** The SHA-256 of what `url` served when this user last asked, if that was recent enough. */
  recall(userId: string, url: string): string | undefined;
}

export const URL_MEMORY_DEFAULTS = { maxEntries: 4096, ttlMs: 10 * 60_000 };

export function createProvenanceUrlMemory(
  { maxEntries, ttlMs } = URL_MEMORY_DEFAULTS,
  now: () => number = () => performance.now(),
): ProvenanceUrlMemory {
  // ttlResolution 0: the clock is read at every lookup, never a reading cached for a millisecond.
  const entries = new LRUCache<string, string>({ max: maxEntries, ttl: ttlMs, ttlResolution: 0, perf: { now } });
  const keyOf = (userId: string, url: string) => `${userId}\n${url}`;
  return {
    remember: (userId, url, sha256) => void entries.set(keyOf(userId, url), sha256),
    recall: (userId, url) => entries.get(keyOf(userId, url)),
  };
}
