import { secureHeaders } from 'hono/secure-headers';
import { API_VERSION } from '../utils/contract';
import { type AppDeps, createRouter } from './app-context';
import { bearerAuth } from './platform/auth/bearer-auth';
import { boardsRouter } from './features/boards';
import { pinsRouter } from './features/pins';
import { provenanceRouter } from './features/provenance/api';
import { productsRouter } from './features/catalog/search';
import { catalogRouter } from './features/catalog/api';
import { handleError, notFoundProblem } from './platform/http/problem';
import { requestLog } from './platform/http/request-log';
import { corsFor } from './platform/http/cors';
import { imageWorkSlot, limitBody, MAX_JSON_BODY_BYTES, rateLimit } from './platform/http/limits';
import { MAX_IMAGE_BYTES } from './features/catalog/catalog-service';
import { MAX_UPLOAD_BYTES } from './features/catalog/api/catalog.handlers';
import { docsRouter } from './platform/docs';
import { healthRouter } from './platform/health';
import { meRouter } from './features/users/me';
import { LOUPE_VERSION } from './platform/version';

const LARGE_BODY_ROUTES = new Set(['/v1/provenance', '/v1/products/similar', '/v1/catalog/imports']);
const isLargeBodyRoute = (path: string) => LARGE_BODY_ROUTES.has(path);

/** Builds Loupe's HTTP API around its dependencies. No I/O happens here. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

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
  // Image work queues for a slot before its body is read; then every body is capped. Provenance
  // takes its slot itself, only when the answer is not cached already, and caps its own body as it
  // reads it (to hold an upload in memory once rather than twice).
  app.use('/v1/products/similar', imageWorkSlot, limitBody(MAX_IMAGE_BYTES, 'Image too large'));
  app.use('/v1/catalog/imports', limitBody(MAX_UPLOAD_BYTES + MAX_JSON_BODY_BYTES));
  app.use('/v1/*', async (c, next) => (isLargeBodyRoute(c.req.path) ? next() : limitBody(MAX_JSON_BODY_BYTES)(c, next)));

  app.route('/', healthRouter);
  app.route('/', meRouter);
  app.route('/', boardsRouter);
  app.route('/', pinsRouter);
  app.route('/', provenanceRouter);
  app.route('/', productsRouter);
  app.route('/', catalogRouter);
  app.route('/', docsRouter);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    description: 'A Loupe API token, from `npm run server -- users create NAME` or printed by `npm start` on first run.',
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
  app.onError((error, c) => handleError(error, c, (failure) => deps.logger.error({ err: failure, path: c.req.path }, 'request failed')));
  return app;
}
export type App = ReturnType<typeof createApp>;
