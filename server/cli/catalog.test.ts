import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonl, sampleProduct } from '../catalog/test-support';

// `catalog import` as a person runs it: a real process, a real data directory.
const entry = path.resolve('server/main.ts');
let dir: string;

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, LOUPE_DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
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
    // Re-import and resume semantics are tested on the library (server/catalog/importer.test.ts): each run here costs seconds.
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
