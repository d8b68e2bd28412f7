import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../../app-context';
import { invalidTokenProblem } from '../../../platform/auth/bearer-auth';
import type { getMe, signOut as signOutRoute } from './me.routes';

export const me: RouteHandler<typeof getMe, AppEnv> = (c) => c.json(c.var.user, 200);

/** Revokes the token that authenticated this request, through the same repository call as `tokens revoke --id`. */
export const signOut: RouteHandler<typeof signOutRoute, AppEnv> = async (c) => {
  const [revoked] = await c.var.deps.users.revokeTokens({ id: c.var.tokenId });
  // Revoked by someone else since this request was authenticated: it is as good as signed out.
  if (!revoked?.revokedAt) throw invalidTokenProblem();
  return c.json(
    {
      id: revoked.id,
      prefix: revoked.prefix,
      label: revoked.label,
      createdAt: revoked.createdAt.toISOString(),
      revokedAt: revoked.revokedAt.toISOString(),
    },
    200,
  );
};
