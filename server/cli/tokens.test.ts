import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUsersRepository, type UsersRepository } from '../features/users';
import type { DatabaseHandle } from '../platform/db/open-database';
import { apiTestDatabases } from '../testing/test-databases';
import { revokeSelector } from './tokens';
import { UsageError } from './usage-error';

describe('tokens revoke arguments', () => {
  it('takes one unambiguous selector', () => {
    const token = `loupe_${'A'.repeat(43)}`;
    expect(revokeSelector(token, {})).toEqual({ token });
    expect(revokeSelector(undefined, { id: '0B7B6F5A-1C2D-4E3F-8A9B-0C1D2E3F4A5B' })).toEqual({
      id: '0b7b6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b',
    });
    expect(revokeSelector('ada', { label: 'laptop' })).toEqual({ user: 'ada', label: 'laptop' });
    expect(revokeSelector('ada', { all: true })).toEqual({ user: 'ada', all: true });
  });

  it('refuses a bare user name, a mix of selectors, or a bad id', () => {
    expect(() => revokeSelector('ada', {})).toThrow(/add --all or --label/);
    expect(() => revokeSelector('ada', { all: true, label: 'x' })).toThrow(UsageError);
    expect(() => revokeSelector(undefined, { id: 'nope' })).toThrow(UsageError);
    expect(() => revokeSelector(undefined, {})).toThrow(UsageError);
  });
});

describe.each(apiTestDatabases)('token revocation on $name', (target) => {
  let database: DatabaseHandle;
  let users: UsersRepository;
  beforeAll(async () => {
    if (!target.available) return;
    database = await target.open();
    users = createUsersRepository(database.db);
  });
  afterAll(() => database?.close());

  it.skipIf(!target.available)('revokes by value, id, label or all of a user, touching no one else', async () => {
    const { token: first } = await users.create('ada');
    const { token: laptop } = await users.issueTokenFor('ada', 'laptop');
    const { token: phone } = await users.issueTokenFor('ada', 'phone');
    const { token: bobs } = await users.create('bob');

    expect((await users.revokeTokens({ token: first })).map((t) => t.label)).toEqual(['created with the user']);
    expect(await users.authenticate(first)).toBeUndefined();
    expect(await users.revokeTokens({ token: first })).toEqual([]); // already revoked: nothing matches

    expect((await users.revokeTokens({ user: 'ada', label: 'laptop' })).map((t) => t.label)).toEqual(['laptop']);
    expect(await users.authenticate(laptop)).toBeUndefined();
    expect((await users.authenticate(phone))?.name).toBe('ada');

    const listed = await users.listTokens('ada');
    expect(listed.map((t) => [t.label, t.revokedAt === null])).toEqual(
      expect.arrayContaining([
        ['created with the user', false],
        ['laptop', false],
        ['phone', true],
      ]),
    );
    const phoneId = listed.find((t) => t.label === 'phone')!.id;
    expect(await users.revokeTokens({ id: phoneId })).toHaveLength(1);
    expect(await users.authenticate(phone)).toBeUndefined();

    await users.issueTokenFor('ada', 'tablet');
    expect(await users.revokeTokens({ user: 'ada', all: true })).toHaveLength(1);
    expect((await users.listTokens('ada')).every((t) => t.revokedAt !== null)).toBe(true);
    expect((await users.authenticate(bobs))?.name).toBe('bob');
    expect(JSON.stringify(listed)).not.toContain(phone.slice(12)); // a listing shows prefixes, never secrets
  });
});

describe('tokens command', { timeout: 120_000 }, () => {
  let dataDir: string;
  const run = (args: string[]) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', path.resolve('server/main.ts'), ...args],
        { env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOG_LEVEL: 'warn' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });
  beforeAll(async () => (dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-tokens-'))));
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('lists a user’s tokens and revokes one by its value', async () => {
    const token = (await run(['users', 'create', 'ada'])).stdout.trim().split('\n').at(-1)!;
    const listed = await run(['tokens', 'list', 'ada']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`${token.slice(0, 12)}…\\tcreated with the user\\t\\S+\\tlive`));
    expect(listed.stdout).not.toContain(token);

    const revoked = await run(['tokens', 'revoke', token]);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toMatch(/^Revoked .*revoked \d{4}-/);

    const again = await run(['tokens', 'revoke', token]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No live token matched');
  });
});
