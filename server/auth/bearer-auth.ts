import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-context';
import { ProblemError } from '../http/problem';

const CHALLENGE = { 'www-authenticate': 'Bearer realm="loupe"' };

/** Requires `Authorization: Bearer TOKEN` with a live token and puts its user on the context. */
export const bearerAuth = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  if (!header) throw new ProblemError(401, 'Unauthorized', 'This endpoint needs an Authorization: Bearer header with a Loupe API token.', CHALLENGE);
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new ProblemError(401, 'Unauthorized', 'The Authorization header must be "Bearer " followed by a Loupe API token.', CHALLENGE);
  const authenticated = await c.var.deps.users.authenticateToken(match[1]);
  if (!authenticated) throw new ProblemError(401, 'Unauthorized', 'The token is not valid: it is unknown, mistyped or revoked.', { 'www-authenticate': 'Bearer realm="loupe", error="invalid_token"' });
  c.set('user', authenticated.user);
  c.set('tokenId', authenticated.tokenId);
  await next();
});
