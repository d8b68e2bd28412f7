import { createApp } from '../app';
import { createAppDeps } from '../app-context';
import { createLogger } from '../platform/logger';
import { offlineResolve } from './offline-dns';
import { pgliteTestDatabase, type TestDatabase } from './test-databases';

/** Route suites send many requests with one token: rate limiting is off unless a test asks for it (guards.test.ts does). */
export const TEST_GUARDS = { rateLimit: { perMinute: 0, burst: 1 } };

/**
 * A real app over a fresh database (in-memory embedded by default), for route tests through `app.request`.
 * It looks no name up but `localhost` (offlineResolve) unless a test brings its own resolver.
 */
export async function createTestApp(
  target: TestDatabase = pgliteTestDatabase,
  options: Parameters<typeof createAppDeps>[2] = {},
  logger = createLogger('silent'),
) {
  const database = await target.open();
  const guards = { ...TEST_GUARDS, ...options.guards };
  const provenance = { resolve: offlineResolve, ...options.provenance };
  const deps = createAppDeps(database, logger, { ...options, provenance, guards });
  const app = createApp(deps);
  const { users } = deps;

  /**
   * Sends a request as the holder of `token` (or anonymously), from the client address `from`
   * when given (as @hono/node-server would report its socket's peer).
   */
  const request = (path: string, init: RequestInit & { token?: string; from?: string } = {}) => {
    const { token, from, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return app.request(
      path,
      { ...rest, headers },
      from === undefined ? undefined : { incoming: { socket: { remoteAddress: from } } },
    );
  };

  const close = async () => {
    await deps.pinEnrichment.close();
    await deps.pinEmbeddings.close();
    await deps.shops.runner.close();
    await deps.catalog.close(); // background work (imports, captured products' images) must not outlive the database
    await database.close();
  };
  return { app, users, deps, request, close };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
