import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopSchema } from '../../../utils/contract';
import { postgresTestDatabase } from '../../testing/test-databases';
import { createServerDatabase } from './testing/shared-database';
import { shopItems, startShop, type TestShop } from './testing/shop-server';

// Two real server processes (`server/main.ts serve`) on one PostgreSQL database. The one that
// claims a shop's import is SIGKILLed mid-import, as a crash or the OOM killer would: no shutdown
// code runs, its claim and its import job stay "running". The other takes the run over once the
// dead one's heartbeat has lapsed, and finishes it after the last committed batch.

const entry = path.resolve('server/main.ts');
/** A plain shop read page by page at 10 pages a second: about 13 s, so the kill lands mid-import. */
const PRODUCTS = 120;
const BATCH = 32; // the importer's batch: the first commit is this many products

interface ServerProcess {
  child: ChildProcess;
  url: string;
  output(): string;
}

function startServer(env: NodeJS.ProcessEnv): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      const listening = /Loupe backend listening on (\S+)/.exec(output);
      if (listening?.[1]) resolve({ child, url: listening[1], output: () => output });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}):\n${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

describe.skipIf(!postgresTestDatabase.available)(
  `a shop import whose server process is killed (${postgresTestDatabase.skipReason || 'PostgreSQL'})`,
  { timeout: 120_000 },
  () => {
    let dir: string;
    let database: Awaited<ReturnType<typeof createServerDatabase>>;
    let sql: pg.Client;
    let shop: TestShop;
    const servers: ServerProcess[] = [];
    let token: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), 'loupe-shops-killed-'));
      database = await createServerDatabase(process.env.LOUPE_TEST_DATABASE_URL!);
      env = {
        DATABASE_URL: database.url,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'warn',
        LOUPE_MODEL_DIR: path.join(dir, 'no-models'), // no model: products arrive, searchable by words
        LOUPE_FETCH_ALLOW_PRIVATE: 'true',
        LOUPE_SHOP_REQUEST_DELAY_MS: '100',
        // Seconds, not minutes: a run silent for 3 s is taken over; idle processes look every 200 ms.
        LOUPE_SHOP_STALE_AFTER_MS: '3000',
        LOUPE_SHOP_POLL_MS: '200',
      };
      const created = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', entry, 'users', 'create', 'ada'],
        {
          env: { ...process.env, ...env, LOUPE_DATA_DIR: path.join(dir, 'cli') },
        },
      );
      token = created.stdout.trim().split('\n').at(-1)!;
      sql = new pg.Client({ connectionString: database.url });
      await sql.connect();
      shop = await startShop('sitemap', shopItems(PRODUCTS, 2001));
      for (const name of ['one', 'two'])
        servers.push(await startServer({ ...env, LOUPE_DATA_DIR: path.join(dir, name) }));
    });
    afterAll(async () => {
      for (const server of servers) server.child.kill('SIGKILL');
      await Promise.all(servers.map((server) => exited(server.child)));
      await sql?.end();
      await database?.drop();
      await shop?.close();
      await rm(dir, { recursive: true, force: true });
    });

    const count = async (query: string, ...values: unknown[]) =>
      Number((await sql.query<{ n: string }>(query, values)).rows[0]!.n);

    it('is taken over by the other process after the heartbeat lapses, and finished with each product imported once', async () => {
      const api = (server: ServerProcess, route: string, init: RequestInit = {}) =>
        fetch(`${server.url}${route}`, {
          ...init,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        });
      const followed = await api(servers[0]!, '/v1/shops', {
        method: 'POST',
        body: JSON.stringify({ url: shop.origin }),
      });
      expect(followed.status).toBe(202);
      const { id } = ShopSchema.parse(await followed.json());
      const source = `shop:${id}`;

      // Whichever process claimed the run has committed its first batch: kill it now.
      let committed = 0;
      while (committed < BATCH) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        committed = await count('SELECT count(*) AS n FROM products WHERE source = $1', source);
      }
      const { rows } = await sql.query<{ claimed_by: string }>('SELECT claimed_by FROM shops WHERE id = $1', [id]);
      const claimant = servers.find((server) => rows[0]!.claimed_by.includes(`:${server.child.pid}:`))!;
      const survivor = servers.find((server) => server !== claimant)!;
      expect(claimant, `claimed by ${rows[0]!.claimed_by}`).toBeDefined();
      claimant.child.kill('SIGKILL');
      await exited(claimant.child);
      const atKill = await count('SELECT count(*) AS n FROM products WHERE source = $1', source);
      expect(atKill).toBeGreaterThanOrEqual(BATCH);
      expect(atKill).toBeLessThan(PRODUCTS); // truly mid-import

      // The survivor takes the run over once the dead one's heartbeat lapses, and finishes it.
      let shopNow = ShopSchema.parse(await (await api(survivor, `/v1/shops/${id}`)).json());
      const claims = new Set<string>();
      while (shopNow.status !== 'ready' && shopNow.status !== 'failed') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const claim = await sql.query<{ claimed_by: string | null }>('SELECT claimed_by FROM shops WHERE id = $1', [
          id,
        ]);
        if (claim.rows[0]?.claimed_by) claims.add(claim.rows[0].claimed_by);
        shopNow = ShopSchema.parse(await (await api(survivor, `/v1/shops/${id}`)).json());
      }
      expect(shopNow, survivor.output()).toMatchObject({ status: 'ready', products: PRODUCTS, error: null });
      expect([...claims].some((claim) => claim.includes(`:${survivor.child.pid}:`))).toBe(true);

      // One import job, resumed rather than begun again: each product created once, none re-imported.
      const jobs = await sql.query<{
        status: string;
        rows_done: number;
        created: number;
        updated: number;
        unchanged: number;
      }>('SELECT status, rows_done, created, updated, unchanged FROM import_jobs WHERE source = $1', [source]);
      expect(jobs.rows).toEqual([
        { status: 'succeeded', rows_done: PRODUCTS, created: PRODUCTS, updated: 0, unchanged: 0 },
      ]);
      expect(await count('SELECT count(DISTINCT source_id) AS n FROM products WHERE source = $1', source)).toBe(
        PRODUCTS,
      );
      expect(await count('SELECT count(*) AS n FROM products WHERE source = $1', source)).toBe(PRODUCTS);
      // The products are searchable through the survivor.
      const found = (await (await api(survivor, '/v1/products/search?q=Lamp%202120&k=5')).json()) as {
        results: { product: { link: string } }[];
      };
      expect(found.results.map((result) => result.product.link)).toContain(`${shop.origin}/p/2120`);
    });
  },
);
