import { createRoute } from '@hono/zod-openapi';
import { UserSchema } from '../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent } from '../../http/openapi-helpers';

export const getMe = createRoute({
  method: 'get',
  path: '/v1/me',
  tags: ['Users'],
  summary: 'The user the bearer token belongs to',
  security: BEARER_SECURITY,
  responses: { 200: jsonContent(UserSchema, 'The token’s user'), ...authProblems },
});
