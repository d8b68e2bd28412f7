/**
 * One database opened by two server "processes" (two app instances, each with
 * its own connection pool on PostgreSQL): how several Loupe servers share
 * followed shops. PGlite in memory has one connection: both apps share it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../../../platform/db/open-database';
import type { TestDatabase } from '../../../testing/test-databases';

/** A new, empty database on the PostgreSQL server at `serverUrl`: its URL, and how to drop it. */
export async function createServerDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `loupe_shops_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const address = new URL(serverUrl);
  address.pathname = `/${name}`;
  return {
    url: address.toString(),
    async drop() {
      const cleanup = new pg.Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export async function openTwice(
  target: TestDatabase,
): Promise<{ first: TestDatabase; second: TestDatabase; drop(): Promise<void> }> {
  const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;
  if (target.name !== 'postgres' || !serverUrl) {
    const handle = await target.open();
    const shared = (close: () => Promise<void>): TestDatabase => ({
      ...target,
      open: async () => ({ ...handle, close }),
    });
    return { first: shared(async () => {}), second: shared(async () => {}), drop: () => handle.close() };
  }
  const { url, drop } = await createServerDatabase(serverUrl);
  const open = (): Promise<DatabaseHandle> => openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 4 });
  const own = (): TestDatabase => ({ ...target, open });
  return { first: own(), second: own(), drop };
}
