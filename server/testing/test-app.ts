import { createApp } from '../app';
import { openDatabase } from '../db/open-database';
import { createLogger } from '../logger';
import { createUsersRepository } from '../users/users-repository';

/** A real app over a fresh in-memory embedded database, for route tests through `app.request`. */
export async function createTestApp() {
  const database = await openDatabase({ dataDir: 'memory://' });
  const users = createUsersRepository(database.db);
  const app = createApp({ database, users, logger: createLogger('silent') });

  /** Sends a request as the holder of `token` (or anonymously). */
  const request = (path: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return app.request(path, { ...rest, headers });
  };

  return { app, users, request, close: () => database.close() };
}
export type TestApp = Awaited<ReturnType<typeof createTestApp>>;
