import { secureHeaders } from 'hono/secure-headers';
import { API_VERSION } from '../utils/contract';
import { type AppDeps, createRouter } from './app-context';
import { bearerAuth } from './auth/bearer-auth';
import { boardsRouter } from './routes/boards';
import { pinsRouter } from './routes/pins';
import { provenanceRouter } from './routes/provenance';
import { productsRouter } from './routes/products';
import { catalogRouter } from './routes/catalog';
import { handleError, notFoundProblem } from './http/problem';
import { requestLog } from './http/request-log';
import { docsRouter } from './routes/docs';
import { healthRouter } from './routes/health';
import { meRouter } from './routes/me';
import { LOUPE_VERSION } from './version';

/** Builds Loupe's HTTP API around its dependencies. No I/O happens here. */
export function createApp(deps: AppDeps) {
  const app = createRouter();

  app.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  app.use('*', requestLog(deps.logger));
  app.use('*', secureHeaders({ crossOriginResourcePolicy: false }));
  app.use('/v1/*', bearerAuth);

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
