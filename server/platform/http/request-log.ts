import { createMiddleware } from 'hono/factory';
import type { Logger } from '../logger';

/** One structured line per request: method, path, status, time. Headers (and so tokens) are never logged. */
export const requestLog = (logger: Logger) =>
  createMiddleware(async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      { method: c.req.method, path: c.req.path, status: c.res.status, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
