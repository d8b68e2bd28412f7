import { LruCache } from '../../../platform/lru-cache';

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
  const entries = new LruCache<string, { sha256: string; expiresAt: number }>(maxEntries);
  const keyOf = (userId: string, url: string) => `${userId}\n${url}`;
  return {
    remember(userId, url, sha256) {
      entries.set(keyOf(userId, url), { sha256, expiresAt: now() + ttlMs });
    },
    recall(userId, url) {
      const key = keyOf(userId, url);
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (entry.expiresAt <= now()) {
        entries.delete(key);
        return undefined;
      }
      return entry.sha256;
    },
  };
}
