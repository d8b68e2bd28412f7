import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../db/open-database';

/**
 * The databases storage tests run against, each opened fresh and empty:
 * - the embedded PGlite, as `npm start` uses it;
 * - a real PostgreSQL server over TCP when `LOUPE_TEST_DATABASE_URL` names one
 *   (CI starts Debian's PostgreSQL on loopback; Debian ships no pgvector for it);
 * - the node-postgres driver against PGlite's socket server, which does have
 *   pgvector: the server driver's vector path, tested where no server has it.
 */
export interface TestDatabase {
  name: 'pglite' | 'postgres' | 'postgres-protocol-pglite';
  /** Whether pgvector is there, so vector tests know to run. */
  hasVector: boolean;
  available: boolean;
  skipReason: string;
  open(): Promise<DatabaseHandle>;
}

const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;

if (!serverUrl && process.env.CI) throw new Error('CI is set but LOUPE_TEST_DATABASE_URL is not: .ci/run must start PostgreSQL');

export const pgliteTestDatabase: TestDatabase = {
  name: 'pglite',
  hasVector: true,
  available: true,
  skipReason: '',
  open: () => openDatabase({ dataDir: 'memory://' }),
};

export const postgresTestDatabase: TestDatabase = {
  name: 'postgres',
  hasVector: false,
  available: Boolean(serverUrl),
  skipReason: 'LOUPE_TEST_DATABASE_URL is not set (a PostgreSQL server to run storage tests against)',
  async open() {
    if (!serverUrl) throw new Error(this.skipReason);
    const databaseName = `loupe_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    await admin.end();
    const url = new URL(serverUrl);
    url.pathname = `/${databaseName}`;
    const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: 'unused', poolSize: 4 });
    return {
      ...handle,
      async close() {
        await handle.close();
        const cleanup = new pg.Client({ connectionString: serverUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  },
};

export const pgliteSocketTestDatabase: TestDatabase = {
  name: 'postgres-protocol-pglite',
  hasVector: true,
  available: true,
  skipReason: '',
  async open() {
    const db = await PGlite.create('memory://', { extensions: { vector } });
    const port = await freePort();
    const socketServer = new PGLiteSocketServer({ db, port, host: '127.0.0.1' });
    await socketServer.start();
    // One connection: PGlite has a single backend, which every socket connection shares.
    const handle = await openDatabase({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`, dataDir: 'unused', poolSize: 1 });
    return {
      ...handle,
      async close() {
        await handle.close();
        await socketServer.stop();
        await db.close();
      },
    };
  },
};

/** A loopback port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

export const testDatabases = [pgliteTestDatabase, postgresTestDatabase, pgliteSocketTestDatabase];

/**
 * The databases for API suites: the two Loupe runs on. PGlite's socket server
 * drops the connection after a constraint violation, which real PostgreSQL
 * does not, so it stands in only for the storage and vector tests.
 */
export const apiTestDatabases = [pgliteTestDatabase, postgresTestDatabase];
