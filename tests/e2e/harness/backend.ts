import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { type ApiClient, createApiClient } from '../../../utils/lib/api-client';

/**
 * Runs the real backend the way a person does: `users create` through the CLI
 * (its last line is the token), then the server on a free loopback port with
 * a fresh data directory. Stops it with SIGTERM and checks it exits cleanly.
 * Private addresses are allowed (LOUPE_FETCH_ALLOW_PRIVATE), since every test site is on loopback.
 */
export interface Backend {
  url: string;
  token: string;
  dataDir: string;
  api: ApiClient;
  /** Everything the server printed so far, for failure messages. */
  output(): string;
  stop(): Promise<void>;
  /** Kills the server with SIGKILL, as a crash or the OOM killer would: no shutdown code runs. */
  crash(): Promise<void>;
  /** Starts the server again on the same port and data directory (after `stop` or `crash`). */
  restart(): Promise<void>;
}

const serverEntry = path.resolve('server/main.ts');
const runServerCli = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, ['--import', 'tsx', serverEntry, ...args], {
    env: { ...process.env, ...env },
    timeout: 60_000,
  });

export async function startBackend({
  user = 'e2e',
  admin = false,
  env = {} as NodeJS.ProcessEnv,
} = {}): Promise<Backend> {
  const dataDir = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-backend-'));
  const baseEnv = {
    LOUPE_DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    // The test sites serve their pages and images from loopback, which a server refuses to save from
    // or fetch by default: allowed the way a self-hoster allows their own network (README, settings).
    LOUPE_FETCH_ALLOW_PRIVATE: 'true',
    ...env,
  };

  const created = await runServerCli(['users', 'create', user, ...(admin ? ['--admin'] : [])], baseEnv);
  const token = created.stdout.trim().split('\n').at(-1)!;

  let output = '';
  const spawnServer = async (port: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', serverEntry, 'serve'], {
      env: { ...process.env, ...baseEnv, PORT: port },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk));
    output += `--- server started ---\n`;
    return {
      child,
      url: await waitForListening(child, () => output.slice(output.lastIndexOf('--- server started ---'))),
    };
  };
  const first = await spawnServer('0');
  const { url } = first;
  let { child } = first;

  return {
    url,
    token,
    dataDir,
    api: createApiClient({ baseUrl: url, token }),
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      // The server cuts what is still open after its 10 s grace period; far past that, say what it printed.
      const stuck = setTimeout(() => child.kill('SIGKILL'), 45_000);
      const code = await exited.finally(() => clearTimeout(stuck));
      if (code !== 0) throw new Error(`the backend did not shut down cleanly on SIGTERM (exit ${code}):\n${output}`);
      if (/shutdown: cutting connections/.test(output))
        console.warn(`the backend had to cut connections to stop:\n${output.slice(-2000)}`);
    },
    async crash() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null)
        throw new Error('stop the backend before restarting it');
      ({ child } = await spawnServer(new URL(url).port));
    },
  };
}

function waitForListening(child: ChildProcess, output: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the backend did not start within 60 s:\n${output()}`)), 60_000);
    const check = () => {
      const match = /Loupe backend listening on (\S+)/.exec(output());
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the backend exited with ${code} before listening:\n${output()}`));
    });
  });
}

/** Deletes every pin of `imageUrl` (tests share one backend per worker: a repeat save is "already saved", not a new pin). */
export async function forgetPinsOf(backend: Backend, imageUrl: string): Promise<void> {
  for (const board of await backend.api.listBoards()) {
    for (const pin of (await backend.api.boardPins(board.id, { limit: 200 })).items)
      if (pin.imageUrl === imageUrl) await backend.api.deletePin(pin.id);
  }
}
