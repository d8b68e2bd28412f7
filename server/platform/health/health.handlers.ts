import type { RouteHandler } from '@hono/zod-openapi';
import { API_VERSION } from '../../../utils/contract';
import type { PlatformEnv } from '../http/platform-env';
import { LOUPE_VERSION } from '../version';
import type { getHealth } from './health.routes';

export const health: RouteHandler<typeof getHealth, PlatformEnv> = (c) =>
  c.json(
    {
      status: 'ok' as const,
      service: 'loupe' as const,
      version: LOUPE_VERSION,
      apiVersion: API_VERSION,
      database: c.var.deps.database.kind,
    },
    200,
  );
