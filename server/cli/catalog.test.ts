import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, sampleProduct } from '../features/catalog/testing/catalog';

// `catalog import` as a person runs it: a real process, a real data directory.
const entry = path.resolve('server/main.ts');
let dir: string;

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      {
        env: {
          ...process.env,
          LOUPE_DATA_DIR: env.LOUPE_DATA_DIR ?? path.join(dir, 'data'),
          LOG_LEVEL: 'warn',
          ...env,
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('catalog import command', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-catalog-cli-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('imports a feed file and reports bad rows by line', async () => {
    const feed = path.join(dir, 'acme.jsonl');
    await writeFile(feed, jsonl([sampleProduct('A'), '{"oops"', sampleProduct('B')]));
    const first = await run(['catalog', 'import', feed, '--no-embed']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('as source "acme"');
    expect(first.stdout).toMatch(/Done: 3 rows; 2 new, 0 updated, 0 unchanged, 0 removed; 1 bad rows skipped/);
    expect(first.stdout).toMatch(/line 2: skipped: /);
    // Re-import and resume semantics are tested on the library (server/features/catalog/importer.test.ts): each run here costs seconds.
  });

  it('says how to get the model, or to pass --no-embed, when there is none', async () => {
    const feed = path.join(dir, 'shop.jsonl');
    await writeFile(feed, jsonl([sampleProduct('A')]));
    const result = await run(['catalog', 'import', feed], { LOUPE_MODEL_DIR: path.join(dir, 'no-models') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('npm run server -- models fetch');
    expect(result.stderr).toContain('--no-embed');
    const usage = await run(['catalog', 'import', feed, '--source', 'bad name']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('Invalid source name');
  });
});

// The production path: the same command with DATABASE_URL naming a PostgreSQL server. A Merchant
// Center TSV file imported there once reported "Done: 0 rows" (the file was read before the importer
// asked for it; see server/features/catalog/feed-source.ts), while the embedded database imported every row.
const serverUrl = process.env.LOUPE_TEST_DATABASE_URL;
describe.skipIf(!serverUrl)(
  `catalog import command on PostgreSQL (DATABASE_URL)${serverUrl ? '' : ' (skipped: LOUPE_TEST_DATABASE_URL is not set)'}`,
  { timeout: 120_000 },
  () => {
    const databaseName = `loupe_cli_${randomBytes(6).toString('hex')}`;
    let databaseUrl: string;
    let pgDir: string;
    beforeAll(async () => {
      pgDir = await mkdtemp(path.join(tmpdir(), 'loupe-catalog-cli-pg-'));
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${databaseName}`);
      await admin.end();
      const url = new URL(serverUrl!);
      url.pathname = `/${databaseName}`;
      databaseUrl = url.toString();
    });
    afterAll(async () => {
      const admin = new pg.Client({ connectionString: serverUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
      await admin.end();
      await rm(pgDir, { recursive: true, force: true });
    });

    it('imports every product of a Merchant Center TSV file', async () => {
      const feed = path.join(pgDir, 'nordwood.tsv');
      await writeFile(
        feed,
        [
          'id\ttitle\tdescription\tlink\timage_link\tavailability\tprice\tbrand',
          'T-1\tOak chair\tSolid oak\thttps://s.example/t1\thttps://c.example/t1.jpg\tin stock\t120.00 EUR\tNordwood',
          'T-2\tPine table\t\thttps://s.example/t2\thttps://c.example/t2.jpg\tout of stock\t80.00 EUR\tNordwood',
          'T-3\tBirch stool\t\thttps://s.example/t3\thttps://c.example/t3.jpg\tin stock\t35.50 EUR\tNordwood',
        ].join('\n'),
      );
      // LOUPE_DATA_DIR stays set: the command must not touch the embedded database when DATABASE_URL is there.
      const result = await run(['catalog', 'import', feed, '--no-embed'], {
        DATABASE_URL: databaseUrl,
        LOUPE_DATA_DIR: path.join(pgDir, 'data'),
      });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/Done: 3 rows; 3 new, 0 updated, 0 unchanged, 0 removed; 0 bad rows skipped/);
      expect(result.stdout).not.toContain('no valid product');
      const db = new pg.Client({ connectionString: databaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query<{ source_id: string; price: string }>(
          "SELECT source_id, price::text AS price FROM products WHERE source = 'nordwood' ORDER BY source_id",
        );
        expect(rows).toEqual([
          { source_id: 'T-1', price: '120.00' },
          { source_id: 'T-2', price: '80.00' },
          { source_id: 'T-3', price: '35.50' },
        ]);
      } finally {
        await db.end();
      }
    });
  },
);
