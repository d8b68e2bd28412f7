import { secureHeaders } from 'hono/secure-headers';
import { API_VERSION } from '../utils/contract';
import type { AppDeps, AppEnv } from './app-context';
import { bearerAuth } from './platform/auth/bearer-auth';
import { boardsRouter } from './features/boards';
import { pinsBodyLimits, pinsRouter } from './features/pins';
import { provenanceBodyLimits, provenanceRouter } from './features/provenance';
import { catalogBodyLimits, catalogRouter, productsRouter } from './features/catalog';
import { meRouter } from './features/users';
import { shopsBodyLimits, shopsRouter } from './features/shops';
import { handleError, notFoundProblem } from './platform/http/problem';
import { requestLog } from './platform/http/request-log';
import { corsFor } from './platform/http/cors';
import { limitBodies, rateLimit } from './platform/http/limits';
import { createRouter } from './platform/http/router';
import { loggableError } from './platform/logger';
import { docsRouter } from './platform/docs';
import { healthRouter } from './platform/health';
import { LOUPE_VERSION } from './platform/version';

/** The routes that take more than a JSON body, as their features declare them. */
const BODY_LIMITS = [...provenanceBodyLimits, ...catalogBodyLimits, ...pinsBodyLimits, ...shopsBodyLimits];

/** Builds Loupe's HTTP API around its dependencies. No I/O happens here. */
export function createApp(deps: AppDeps) {
  const app = createRouter<AppEnv>();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLog(deps.logger));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  // Before auth: a CORS preflight carries no token.
  app.use('*', corsFor(deps.corsOrigins));
  app.use('/v1/*', bearerAuth);
  app.use('/v1/*', rateLimit);
  app.use('/v1/*', async (c, next) => {
    await next();
    // Answers hold a person's data: never kept by a shared cache or the browser's disk cache.
    c.header('cache-control', 'no-store');
    // JSON is never a page: should a browser render one anyway, it may load and frame nothing.
    c.header('content-security-policy', "default-src 'none'; frame-ancestors 'none'");
  });
  // Every body is capped before it is read (image work queues for its slot first), each route as its feature says.
  app.use('/v1/*', limitBodies(BODY_LIMITS));

  app.route('/', healthRouter);
  app.route('/', meRouter);
  app.route('/', boardsRouter);
  app.route('/', pinsRouter);
  app.route('/', provenanceRouter);
  app.route('/', productsRouter);
  app.route('/', catalogRouter);
  app.route('/', shopsRouter);
  app.route('/', docsRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description:
      'A Loupe API token, from `npm run server -- users create NAME` or printed by `npm start` on first run.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Loupe API',
      version: LOUPE_VERSION,
      description: `Boards, pins, provenance and product search for the Loupe browser extension. API version ${API_VERSION}. Errors are RFC 9457 problem details.`,
    },
  });

  app.notFound(notFoundProblem);
  app.onError((error, c) =>
    handleError(error, c, (failure) =>
      deps.logger.error({ failure: loggableError(failure), path: c.req.path }, 'request failed'),
    ),
  );
  return app;
}
export type App = ReturnType<typeof createApp>;
