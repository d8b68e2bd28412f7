import { createRoute } from '@hono/zod-openapi';
import { HealthSchema } from '../../../utils/contract';
import { jsonContent } from '../http/openapi-helpers';

export const getHealth = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Service'],
  summary: 'Is the backend up, and which API does it speak?',
  responses: { 200: jsonContent(HealthSchema, 'The backend is up') },
});
