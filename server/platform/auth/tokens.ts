import { createHash, randomBytes } from 'node:crypto';
import { API_TOKEN_PATTERN } from '../../../utils/contract';

/**
 * API tokens are 32 random bytes behind a recognisable prefix (so secret
 * scanners and people can tell a Loupe token when they see one). They are
 * high-entropy, so a plain SHA-256 is the right hash: a slow password hash
 * would add latency to every request and no security.
 */
const TOKEN_PREFIX = 'loupe_';

export function generateToken(): string {
  return TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** What a person may see of a token: enough to tell tokens apart, too little to use one. */
export function tokenDisplayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}

export function looksLikeToken(value: string): boolean {
  return API_TOKEN_PATTERN.test(value);
}
