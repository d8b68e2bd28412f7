import { LRUCache } from 'lru-cache';
import { hashToken } from '../auth/tokens';
import { createRateLimiter, type RateLimitSettings } from './rate-limiter';

/**
 * Bounds token guessing: each client address may present at most `burst` bearer tokens that turn
 * out not to be valid, refilled at `perMinute`; past that, its requests are refused (429) before
 * their token is even looked up, whatever the token, since answering a valid one differently
 * would let a guesser tell when a guess is right.
 *
 * Successful requests never count. A token that has already succeeded from an address keeps
 * working from it while that address is locked out (a household behind one address is not locked
 * out by one device with a stale token); a token's first request from a locked-out address waits
 * like any other. Lookups under way count against the budget until they succeed, so a burst of
 * concurrent guesses cannot slip past it.
 */
export type AuthFailureSettings = RateLimitSettings;

export type AuthAdmission =
  | {
      allowed: true;
      /** The token was valid: it does not count, and it may come again from this address during a lockout. */
      succeeded(): void;
      /** The token was not valid: it counts (it has been counted already, unless it was known good). */
      failed(): void;
      /** The lookup itself failed (the database): nothing to count. */
      cancel(): void;
    }
  | { allowed: false; retryAfterSeconds: number };

export interface AuthFailureGuard {
  readonly settings: AuthFailureSettings;
  /** Before looking up `token` presented from `address` (a key from `addressKey`). */
  admit(address: string, token: string): AuthAdmission;
}

/** (address, token) pairs that succeeded lately: a bounded memory, of hashes only. */
const KNOWN_GOOD_ENTRIES = 10_000;

const unlimited: AuthAdmission = { allowed: true, succeeded() {}, failed() {}, cancel() {} };

export function createAuthFailureGuard(settings: AuthFailureSettings, now?: () => number): AuthFailureGuard {
  const failures = createRateLimiter(settings, now);
  const knownGood = new LRUCache<string, true>({ max: KNOWN_GOOD_ENTRIES });
  return {
    settings,
    admit(address, token) {
      if (settings.perMinute === 0) return unlimited;
      const pair = `${address}\n${hashToken(token)}`;
      if (knownGood.get(pair)) {
        return {
          allowed: true,
          succeeded() {},
          failed() {
            // Revoked since: from now on it is a failure like any other.
            knownGood.delete(pair);
            failures.take(address);
          },
          cancel() {},
        };
      }
      const decision = failures.take(address);
      if (!decision.allowed) return { allowed: false, retryAfterSeconds: decision.retryAfterSeconds };
      return {
        allowed: true,
        succeeded() {
          failures.refund(address);
          knownGood.set(pair, true);
        },
        failed() {},
        cancel() {
          failures.refund(address);
        },
      };
    },
  };
}
