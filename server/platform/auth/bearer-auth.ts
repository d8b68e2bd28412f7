import { createMiddleware } from 'hono/factory';
import type { PlatformEnv } from '../http/platform-env';
import { addressKey, clientAddress } from '../http/client-address';
import { ProblemError } from '../http/problem';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="loupe"' };

/** The 401 for a bearer token that is not (or no longer) live. */
export const invalidTokenProblem = () =>
  new ProblemError(401, 'Unauthorized', 'The token is not valid: it is unknown, mistyped or revoked.', {
    'www-authenticate': 'Bearer realm="loupe", error="invalid_token"',
  });

/**
 * Requires `Authorization: Bearer TOKEN` with a live token and puts its user on the context.
 * Tokens that are not valid are counted per client address (see limits/auth-failures.ts): past
 * the bound, 429 with Retry-After before the token is looked up.
 */
export const bearerAuth = createMiddleware<PlatformEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header)
    throw new ProblemError(
      401,
      'Unauthorized',
      'This endpoint needs an Authorization: Bearer header with a Loupe API token.',
      CHALLENGE,
    );
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1])
    throw new ProblemError(
      401,
      'Unauthorized',
      'The Authorization header must be "Bearer " followed by a Loupe API token.',
      CHALLENGE,
    );
  const token = match[1];

  const { users, limits, trustedProxies } = c.var.deps;
  const admission = limits.authFailures.admit(addressKey(clientAddress(c, trustedProxies) ?? 'unknown'), token);
  if (!admission.allowed) {
    const { perMinute, burst } = limits.authFailures.settings;
    throw new ProblemError(
      429,
      'Too many failed sign-ins',
      `Requests from your address presented a token that is not valid more than ${perMinute} times a minute (bursts of ${burst}). Try again in ${admission.retryAfterSeconds} s.`,
      { 'retry-after': String(admission.retryAfterSeconds) },
    );
  }
  let authenticated;
  try {
    authenticated = await users.authenticateToken(token);
  } catch (error) {
    admission.cancel();
    throw error;
  }
  if (!authenticated) {
    admission.failed();
    throw invalidTokenProblem();
  }
  admission.succeeded();
  c.set('user', authenticated.user);
  c.set('tokenId', authenticated.tokenId);
  await next();
});
