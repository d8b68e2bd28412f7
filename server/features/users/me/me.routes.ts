import { createRoute } from '@hono/zod-openapi';
import { RevokedTokenSchema, UserSchema } from '../../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent } from '../../../platform/http/openapi-helpers';

export const getMe = createRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['Users'],
  summary: 'The user the bearer token belongs to',
  security: BEARER_SECURITY,
  responses: { 200: jsonContent(UserSchema, 'The token’s user'), ...authProblems },
});

export const signOut = createRoute({
  method: 'delete',
  path: '/v1/me/token',
  tags: ['Users'],
  summary: 'Sign out: revoke the token this request uses',
  description:
    'Revokes the bearer token of this very request, at once and on every server: its next request gets 401. ' +
    'The user’s other tokens are untouched (revoke those with `npm run server -- tokens revoke`).',
  security: BEARER_SECURITY,
  responses: {
    200: jsonContent(RevokedTokenSchema, 'The token, now revoked (its id, prefix and label, never the secret)'),
    ...authProblems,
  },
});
