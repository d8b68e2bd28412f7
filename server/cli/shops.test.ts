import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shopItems, startShop, type TestShop } from '../features/shops/testing/shop-server';

// `shops follow` as a person runs it: a real process, a real data directory, a loopback shop.
const entry = path.resolve('server/main.ts');
let dir: string;
let shop: TestShop;

function run(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      {
        env: {
          ...process.env,
          LOUPE_DATA_DIR: path.join(dir, 'data'),
          LOUPE_MODEL_DIR: path.join(dir, 'no-models'), // no model: products arrive, searchable by words
          LOUPE_FETCH_ALLOW_PRIVATE: 'true',
          LOUPE_SHOP_REQUEST_DELAY_MS: '0',
          LOG_LEVEL: 'warn',
        },
      },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('shops command', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-shops-cli-'));
    shop = await startShop('woocommerce', shopItems(3, 500));
  });
  afterAll(async () => {
    await shop.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('follows a shop for a user and reads it, then lists it', async () => {
    expect((await run(['users', 'create', 'ada'])).code).toBe(0);
    const followed = await run(['shops', 'follow', `${shop.origin}/product/lamp-500/`, '--user', 'ada']);
    expect(followed.stderr).toBe('');
    expect(followed.code).toBe(0);
    expect(followed.stdout).toContain(`Following ${shop.origin} for ada`);
    expect(followed.stdout).toContain(`${shop.origin}: ready, 3 products (woocommerce)`);
    const listed = await run(['shops', 'list', '--user', 'ada']);
    expect(listed.stdout).toMatch(new RegExp(`${shop.origin}\\twoocommerce\\tready\\t3 products`));
  });

  it('says what is wrong with the command', async () => {
    const usage = await run(['shops', 'follow', 'ftp://shop.example/', '--user', 'ada']);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('is not a shop address');
    const nobody = await run(['shops', 'follow', shop.origin, '--user', 'nobody']);
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('No user named "nobody"');
  });
});
