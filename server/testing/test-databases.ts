import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { type DatabaseHandle, openDatabase } from '../platform/db/open-database';

/**
 * The databases storage tests run against, each opened fresh and empty:
 * - the embedded PGlite, as `npm start` uses it;
 * - a real PostgreSQL server over TCP when `LOUPE_TEST_DATABASE_URL` names one
 *   (CI starts Debian's PostgreSQL on loopback, with pgvector built from source
 *   by ../shared/scripts/install-pgvector: the production path, vectors included);
 * - the node-postgres driver against PGlite's socket server, which does have
 *   pgvector: the server driver's vector path where no server with pgvector is at hand.
 */
export interface TestDatabase {
  name: 'pglite' | 'postgres' | 'postgres-without-pgvector' | 'postgres-protocol-pglite';
  /** Whether pgvector is there, so vector tests know to run. */
  hasVector: boolean;
  available: boolean;
  skipReason: string;
  open(): Promise<DatabaseHandle>;
}

const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;

if (!serverUrl && process.env.CI)
  throw new Error('CI is set but LOUPE_TEST_DATABASE_URL is not: .ci/run must start PostgreSQL');

/**
 * Whether the server offers pgvector, asked once per test file. A server that does not answer fails
 * the suite rather than skipping it: the person (or CI) who named it wants the tests to run there.
 */
async function serverHasVector(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ available: boolean }>(
      "SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') AS available",
    );
    return rows[0]?.available === true;
  } catch (error) {
    throw new Error(
      `LOUPE_TEST_DATABASE_URL (${url}) does not answer: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  } finally {
    await client.end().catch(() => {});
  }
}

const serverVector = serverUrl ? await serverHasVector(serverUrl) : false;
// CI builds pgvector into its PostgreSQL: without it the vector suites would quietly test less.
if (serverUrl && !serverVector && process.env.CI) {
  throw new Error(
    'CI is set but the PostgreSQL server at LOUPE_TEST_DATABASE_URL has no pgvector: .ci/run must run ../shared/scripts/install-pgvector',
  );
}
if (serverUrl && !serverVector)
  console.warn(
    'The PostgreSQL server at LOUPE_TEST_DATABASE_URL has no pgvector: its vector tests skip (../shared/scripts/install-pgvector builds it)',
  );

export const pgliteTestDatabase: TestDatabase = {
  name: 'pglite',
  hasVector: true,
  available: true,
  skipReason: '',
  open: () => openDatabase({ dataDir: 'memory://' }),
};

/**
 * A fresh database on the server, migrated. `withoutVector` then removes pgvector from it (the
 * extension and the embedding column with it) and opens it anew: the state a server without
 * pgvector is left in, so that path stays tested where the server has pgvector (CI).
 */
async function openServerDatabase(url: string, { withoutVector = false } = {}): Promise<DatabaseHandle> {
  const databaseName = `loupe_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${databaseName}`);
  await admin.end();
  const target = new URL(url);
  target.pathname = `/${databaseName}`;
  const open = () => openDatabase({ databaseUrl: target.toString(), dataDir: 'unused', poolSize: 4 });
  let handle = await open();
  if (withoutVector) {
    await handle.db.execute(sql`DROP EXTENSION IF EXISTS vector CASCADE`);
    await handle.close();
    handle = await open();
  }
  return {
    ...handle,
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

export const postgresTestDatabase: TestDatabase = {
  name: 'postgres',
  hasVector: serverVector,
  available: Boolean(serverUrl),
  skipReason: 'LOUPE_TEST_DATABASE_URL is not set (a PostgreSQL server to run storage tests against)',
  async open() {
    if (!serverUrl) throw new Error(this.skipReason);
    return openServerDatabase(serverUrl);
  },
};

/** The PostgreSQL server as one without pgvector: imports without embedding, similar search says what is missing. */
export const postgresWithoutVectorTestDatabase: TestDatabase = {
  name: 'postgres-without-pgvector',
  hasVector: false,
  available: Boolean(serverUrl),
  skipReason: postgresTestDatabase.skipReason,
  async open() {
    if (!serverUrl) throw new Error(this.skipReason);
    return openServerDatabase(serverUrl, { withoutVector: true });
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
    const handle = await openDatabase({
      databaseUrl: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir: 'unused',
      poolSize: 1,
    });
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

/**
 * The databases for the (slow, model-running) similar-search suites: PGlite, and the node-postgres
 * path with pgvector: the real PostgreSQL server when it has pgvector (CI), else PGlite's socket
 * server, so a developer without one still tests the server driver's vector queries.
 */
export const vectorTestDatabases = [
  pgliteTestDatabase,
  postgresTestDatabase.available && postgresTestDatabase.hasVector ? postgresTestDatabase : pgliteSocketTestDatabase,
];

/**
 * What suites with a path for servers without pgvector (imports that cannot embed, similar search
 * answering 503) add to their databases: the server made into one without it, when it has it.
 */
export const withoutVectorTestDatabases = postgresTestDatabase.hasVector ? [postgresWithoutVectorTestDatabase] : [];
