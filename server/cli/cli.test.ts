import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../utils/api-client';

// The backend's commands as a person runs them: real processes, a real data directory.
const entry = path.resolve('server/main.ts');
let dataDir: string;

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', entry, ...args], { env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

async function serve(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', ...args], { env: { ...process.env, LOUPE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /listening on (\S+)/.exec(output);
      // Wait for the whole start-up message, which ends with the next steps when --local-user is given.
      if (match?.[1] && (!args.includes('--local-user') || /Token/.test(output))) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
  return { child, url, output: () => output };
}

/** The exit code after SIGTERM, or the signal's name when the process died of one (so a failure says which). */
const stop = (child: ChildProcess) =>
  new Promise<number | string | null>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal));
    child.kill('SIGTERM');
  });

// Each command starts Node, tsx and the embedded database: seconds each, more on a busy machine.
describe('server commands', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-cli-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('users create prints a working token as its last line, and refuses duplicates and bad names', async () => {
    const created = await run(['users', 'create', 'ada']);
    expect(created.code).toBe(0);
    expect(created.stdout.trim().split('\n').at(-1)).toMatch(/^loupe_[\w-]{43}$/);

    const again = await run(['users', 'create', 'ada']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A user named "ada" already exists');

    const bad = await run(['users', 'create', 'two words']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Invalid user name');
  });

  it('refuses a bad setting with a message that names it', async () => {
    const result = await run(['users', 'list'], { PORT: 'eighty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/invalid configuration\n\s+PORT: /);
  });

  it('npm start’s first run creates the local user and prints its token; later runs do not', async () => {
    const first = await serve(['--local-user']);
    const token = /Token \(shown once[^\n]*\n(loupe_\S+)/.exec(first.output())?.[1];
    expect(token).toBeDefined();
    const { user } = await createApiClient({ baseUrl: first.url, token }).checkConnection();
    expect(user).toMatchObject({ name: 'local', isAdmin: true });

    // The embedded database has one owner: a second process gets a clear refusal, not corruption.
    const meanwhile = await run(['users', 'list']);
    expect(meanwhile.code).toBe(1);
    expect(meanwhile.stderr).toMatch(/in use by another Loupe process \(pid \d+\)/);

    expect(await stop(first.child)).toBe(0);
    expect(existsSync(path.join(dataDir, 'loupe.pid'))).toBe(false);

    const second = await serve(['--local-user']);
    expect(second.output()).not.toMatch(/loupe_\S{43}/);
    expect(second.output()).toContain('npm run server -- users token local');
    expect(await stop(second.child)).toBe(0);

    const listed = await run(['users', 'list']);
    expect(listed.stdout).toMatch(/^ada\tuser\t.*\nlocal\tadmin\t/);
  });
});
