import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../../../tests/e2e/harness/backend';
import { HealthSchema } from '../../../utils/contract';
import { REVOCATION_LISTENER_NAME } from '../auth/revocation-listener';

/**
 * The production path on PostgreSQL, as a person runs it: `users create` and `serve` through the
 * CLI with DATABASE_URL naming an empty database. Migrations run at start, and the server keeps
 * to DATABASE_POOL_SIZE connections however many requests arrive at once.
 */
const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;
const POOL_SIZE = 3;
const migrations = readdirSync('server/platform/db/migrations').filter((file) => file.endsWith('.sql')).length;

describe.skipIf(!serverUrl)('the backend on a PostgreSQL server (DATABASE_URL)', { timeout: 180_000 }, () => {
  const databaseName = `loupe_serve_${randomBytes(6).toString('hex')}`;
  let admin: pg.Client;
  let backend: Backend;
  beforeAll(async () => {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${databaseName}`);
    const url = new URL(serverUrl!);
    url.pathname = `/${databaseName}`;
    backend = await startBackend({
      user: 'ops',
      env: { DATABASE_URL: url.toString(), DATABASE_POOL_SIZE: String(POOL_SIZE), LOUPE_RATE_LIMIT_PER_MINUTE: '0' },
    });
  });
  afterAll(async () => {
    await backend?.stop();
    if (backend) await rm(backend.dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await admin.end();
  });

  it('migrates an empty database at start and serves from it', async () => {
    const health = HealthSchema.parse(await (await fetch(`${backend.url}/healthz`)).json());
    expect(health.database).toBe('postgres');
    const db = new pg.Client({ connectionString: serverUrl!.replace(/\/[^/]*$/, `/${databaseName}`) });
    await db.connect();
    try {
      expect(Number((await db.query('SELECT count(*) FROM drizzle.__drizzle_migrations')).rows[0].count)).toBe(
        migrations,
      );
      expect((await db.query('SELECT name FROM users')).rows).toEqual([{ name: 'ops' }]);
    } finally {
      await db.end();
    }
    expect((await backend.api.me()).name).toBe('ops');
  });

  it(`keeps to DATABASE_POOL_SIZE (${POOL_SIZE}) connections under 40 concurrent requests, plus one listening for token revocations`, async () => {
    const connections = async () => {
      const { rows } = await admin.query(
        'SELECT count(*) FILTER (WHERE application_name <> $3) AS pool, count(*) FILTER (WHERE application_name = $3) AS listeners FROM pg_stat_activity WHERE datname = $1 AND backend_type = $2',
        [databaseName, 'client backend', REVOCATION_LISTENER_NAME],
      );
      return { pool: Number(rows[0].pool), listeners: Number(rows[0].listeners) };
    };
    let most = 0;
    let mostListeners = 0;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const now = await connections();
        most = Math.max(most, now.pool);
        mostListeners = Math.max(mostListeners, now.listeners);
      }
    })();
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        fetch(`${backend.url}/v1/boards`, { headers: { authorization: `Bearer ${backend.token}` } }),
      ),
    );
    sampling = false;
    await sampler;
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    expect(most).toBeGreaterThanOrEqual(1);
    expect(most).toBeLessThanOrEqual(POOL_SIZE);
    expect(mostListeners).toBe(1);
  });
});
