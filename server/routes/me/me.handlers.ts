import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-context';
import type { getMe } from './me.routes';

export const me: RouteHandler<typeof getMe, AppEnv> = (c) => c.json(c.var.user, 200);
