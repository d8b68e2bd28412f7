import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/open-database';
import { createLogger } from '../logger';
import { createTestApp } from '../../testing/test-app';
import { pgliteTestDatabase } from '../../testing/test-databases';
import { createUsersRepository, type UsersRepository } from '../../features/users';
import { listenForRevocations, type RevocationListener } from './revocation-listener';
import { createTokenCache, type TokenCache } from './token-cache';

const someone = {
  user: { id: 'u1', name: 'ada', isAdmin: false, createdAt: '2026-01-01T00:00:00.000Z' },
  tokenId: 't1',
};

describe('token cache', () => {
  it('keeps a live token until a revocation, and never a lookup that straddled one', () => {
    const cache = createTokenCache();
    cache.keep('h1', someone, cache.begin());
    expect(cache.get('h1')).toEqual(someone);
    cache.revoked();
    expect(cache.get('h1')).toBeUndefined();

    const startedAt = cache.begin(); // a lookup reads the token as live…
    cache.revoked(); // …its revocation commits before the answer is kept
    cache.keep('h1', someone, startedAt);
    expect(cache.get('h1')).toBeUndefined();
  });

  it('holds at most maxEntries tokens: the least recently used go first', () => {
    const cache = createTokenCache({ maxEntries: 2 });
    cache.keep('h1', someone, cache.begin());
    cache.keep('h2', someone, cache.begin());
    expect(cache.get('h1')).toEqual(someone); // h1 is now the most recently used
    cache.keep('h3', someone, cache.begin());
    expect(cache.size).toBe(2);
    expect(cache.get('h2')).toBeUndefined();
    expect(cache.get('h1')).toEqual(someone);
    expect(cache.get('h3')).toEqual(someone);
  });

  it('is bypassed while it cannot hear of revocations, and entries expire', async () => {
    const cache = createTokenCache({ trusted: false });
    cache.keep('h1', someone, cache.begin());
    expect(cache.get('h1')).toBeUndefined();
    cache.setTrusted(true);
    cache.keep('h1', someone, cache.begin());
    expect(cache.get('h1')).toEqual(someone);
    cache.setTrusted(false);
    expect(cache.get('h1')).toBeUndefined();

    const short = createTokenCache({ maxAgeMs: 20 });
    short.keep('h1', someone, short.begin());
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(short.get('h1')).toBeUndefined();
  });
});

describe('a server’s token cache on the embedded database', () => {
  it('refuses a token signed out through the API from its next request', async () => {
    const t = await createTestApp(pgliteTestDatabase, { tokenCache: createTokenCache() });
    try {
      const { token } = await t.users.create('ada');
      expect((await t.request('/v1/me', { token })).status).toBe(200);
      expect((await t.request('/v1/me', { token })).status).toBe(200); // from the cache
      expect((await t.request('/v1/me/token', { token, method: 'DELETE' })).status).toBe(200);
      expect((await t.request('/v1/me', { token })).status).toBe(401);
    } finally {
      await t.close();
    }
  });
});

const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;

/**
 * Two processes on one PostgreSQL database, as in production: a server with its cache and
 * listener, and `tokens revoke` (a plain repository on its own connections).
 */
describe.skipIf(!serverUrl)('a server’s token cache on PostgreSQL', () => {
  const databaseName = `loupe_test_${randomBytes(6).toString('hex')}`;
  let url: string;
  let serverDb: DatabaseHandle;
  let cliDb: DatabaseHandle;
  let cache: TokenCache;
  let listener: RevocationListener;
  let server: UsersRepository;
  let cli: UsersRepository;
  const admin = () => new pg.Client({ connectionString: serverUrl });

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${databaseName}`);
    await client.end();
    const target = new URL(serverUrl!);
    target.pathname = `/${databaseName}`;
    url = target.toString();
    serverDb = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 2 });
    cliDb = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
    cache = createTokenCache({ trusted: false });
    listener = listenForRevocations(url, cache, createLogger('silent'));
    await listener.started;
    server = createUsersRepository(serverDb.db, { tokenCache: cache });
    cli = createUsersRepository(cliDb.db);
  });
  afterAll(async () => {
    await listener?.close();
    await serverDb?.close();
    await cliDb?.close();
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
    await client.end();
  });

  it('forgets a token another process revokes, as soon as PostgreSQL tells it', async () => {
    expect(cache.trusted).toBe(true);
    const { token } = await cli.create('ada');
    const { token: other } = await cli.issueTokenFor('ada', 'phone');
    expect((await server.authenticate(token))?.name).toBe('ada');
    expect((await server.authenticate(other))?.name).toBe('ada');
    expect(cache.size).toBe(2);

    await cli.revokeTokens({ token });
    // Delivered at the revoking commit; the cache would otherwise answer for 30 s.
    await expect.poll(() => server.authenticate(token), { timeout: 2000, interval: 5 }).toBeUndefined();
    expect((await server.authenticate(other))?.name).toBe('ada'); // looked up again: still live
  });

  it('looks every token up while its listening connection is down, and listens again', async () => {
    const { token } = await cli.issueTokenFor('ada', 'laptop');
    expect((await server.authenticate(token))?.name).toBe('ada');
    const client = admin();
    await client.connect();
    try {
      await client.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND query = 'LISTEN loupe_tokens_revoked'`,
        [databaseName],
      );
      await expect.poll(() => cache.trusted, { timeout: 5000 }).toBe(false);
      // A revocation no server hears of (by hand, without NOTIFY) is still refused at once: the cache is not used.
      await cliDb.db.execute(sql`UPDATE api_tokens SET revoked_at = now() WHERE label = 'laptop'`);
      expect(await server.authenticate(token)).toBeUndefined();
      await expect.poll(() => cache.trusted, { timeout: 10_000, interval: 100 }).toBe(true);
    } finally {
      await client.end();
    }
  });
});
