import { LRUCache } from 'lru-cache';
import type { User } from '../../../utils/contract';

/** The PostgreSQL channel every token revocation is announced on (in the revoking transaction, so at its commit). */
export const TOKEN_REVOCATION_CHANNEL = 'loupe_tokens_revoked';

export interface AuthenticatedToken {
  user: User;
  tokenId: string;
}

export interface TokenCacheOptions {
  /** How long an entry may be used; a safety net only, revocations clear the cache at once. */
  maxAgeMs?: number;
  maxEntries?: number;
  /** Whether the cache hears of every revocation now (false: it is bypassed). Default: always. */
  trusted?: boolean;
}

/**
 * Live tokens this server looked up recently, by their SHA-256, so a request need not look its
 * token up again. Revocation-safe by construction:
 * - only live tokens are kept (an unknown token is looked up every time, so one just issued by
 *   another process works at once);
 * - every revocation clears the whole cache (revocations are rare): the server's own at once,
 *   other processes' when their PostgreSQL notification arrives (see revocation-listener.ts);
 * - while the cache cannot be sure to hear of revocations (`trusted` false: the listening
 *   connection is down), it is bypassed and every token is looked up;
 * - a lookup that started before a revocation is not kept (a generation count), so a token read
 *   as live just before its revocation committed cannot slip back in.
 */
export function createTokenCache({ maxAgeMs = 30_000, maxEntries = 10_000, trusted = true }: TokenCacheOptions = {}) {
  // ttlResolution 0: an entry's age is checked against the clock itself at every lookup.
  const entries = new LRUCache<string, AuthenticatedToken>({ max: maxEntries, ttl: maxAgeMs, ttlResolution: 0 });
  let generation = 0;
  let isTrusted = trusted;

  function clear() {
    entries.clear();
    generation++;
  }

  return {
    get(tokenHash: string): AuthenticatedToken | undefined {
      return isTrusted ? entries.get(tokenHash) : undefined;
    },
    /** Call before looking a token up; pass the answer to `keep` with the result. */
    begin: () => generation,
    keep(tokenHash: string, value: AuthenticatedToken, startedAt: number) {
      if (!isTrusted || startedAt !== generation) return;
      entries.set(tokenHash, value); // the least recently used go first when full
    },
    /** Something was revoked: forget every token. */
    revoked: clear,
    /** Whether every revocation reaches this cache from now on; any change forgets everything. */
    setTrusted(value: boolean) {
      isTrusted = value;
      clear();
    },
    get trusted() {
      return isTrusted;
    },
    get size() {
      return entries.size;
    },
  };
}
export type TokenCache = ReturnType<typeof createTokenCache>;
