import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient } from '../../utils/lib/api-client';
import { TEST_CERT_PEM } from '../features/provenance/testing/test-certificate';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../testing/fixtures';
import { startLoopbackFiles } from '../testing/loopback-files';

// The backend's commands as a person runs them: real processes, a real data directory.
const entry = path.resolve('server/main.ts');
let dataDir: string;

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', entry, ...args],
      { env: { ...process.env, LOUPE_DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

// `serve --local-user` (npm start) fetches a missing model and trust lists: tests say offline, or name a loopback source.
async function serve(args: string[], env: NodeJS.ProcessEnv = { LOUPE_OFFLINE: '1' }) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, 'serve', ...args], {
    env: { ...process.env, LOUPE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env },
  });
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

/** Waits until the output matches (the first run works in the background, after "listening"). */
async function outputMatching(server: { output: () => string }, pattern: RegExp, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(server.output())) {
    if (Date.now() > deadline) throw new Error(`no ${pattern} in the output:\n${server.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return server.output();
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

  const WITHOUT_BOTH =
    'no embedding model (similar search answers 503 until `npm run server -- models fetch`), no C2PA trust lists (signers shown as unchecked until `npm run server -- trust update`); everything else works.';

  it('with LOUPE_OFFLINE=1, npm start serves at once, says in one line what is missing, and tries no download', async () => {
    const sources = await startLoopbackFiles();
    try {
      const urls = {
        LOUPE_MODEL_BASE_URL: sources.origin,
        LOUPE_TRUST_ANCHORS_URL: `${sources.origin}/a.pem`,
        LOUPE_TRUST_TSA_URL: `${sources.origin}/t.pem`,
      };
      const server = await serve(['--local-user'], { LOUPE_OFFLINE: '1', ...urls });
      const lines = (await outputMatching(server, /^Offline/m))
        .split('\n')
        .filter((line) => line.startsWith('Offline'));
      expect(lines).toEqual([`Offline (LOUPE_OFFLINE=1): ${WITHOUT_BOTH}`]);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(await stop(server.child)).toBe(0);
      expect(sources.connections).toBe(0);
    } finally {
      await sources.close();
    }
  });

  it('with no network, npm start serves at once and says in one line what is missing', async () => {
    const closed = await startLoopbackFiles();
    await closed.close(); // a port nobody listens on: connections are refused, as offline
    const urls = {
      LOUPE_MODEL_BASE_URL: closed.origin,
      LOUPE_TRUST_ANCHORS_URL: `${closed.origin}/a.pem`,
      LOUPE_TRUST_TSA_URL: `${closed.origin}/t.pem`,
    };
    const server = await serve(['--local-user'], { LOUPE_OFFLINE: '', ...urls });
    const output = await outputMatching(server, /^Offline/m);
    expect(output.split('\n').filter((line) => line.startsWith('Offline'))).toEqual([
      `Offline (cannot reach 127.0.0.1: ECONNREFUSED): ${WITHOUT_BOTH}`,
    ]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(await stop(server.child)).toBe(0);
  });

  it.skipIf(!haveFixtures)(
    `npm start fetches a missing model and trust lists in the background, resumes a cut-off one at the next start, and similar search picks the model up without a restart${haveFixtures ? '' : ` (skipped: ${fixturesSkipReason})`}`,
    async () => {
      const sources = await startLoopbackFiles();
      const fresh = await mkdtemp(path.join(tmpdir(), 'loupe-first-run-'));
      try {
        sources.addHubModel('acme/mnv2', fixturePath('embed', 'hf', 'local', 'mnv2-as-clip-vision'));
        sources.files.set('/anchors.pem', Buffer.from(TEST_CERT_PEM));
        sources.files.set('/tsa.pem', Buffer.from(TEST_CERT_PEM));
        const vision = '/acme/mnv2/resolve/main/onnx/vision_model_quantized.onnx';
        const env = {
          LOUPE_OFFLINE: '',
          LOUPE_DATA_DIR: fresh,
          LOUPE_EMBED_MODEL: 'acme/mnv2',
          LOUPE_MODEL_BASE_URL: sources.origin,
          LOUPE_TRUST_ANCHORS_URL: `${sources.origin}/anchors.pem`,
          LOUPE_TRUST_TSA_URL: `${sources.origin}/tsa.pem`,
        };

        // First start: the model's graph is cut off half-way.
        sources.cutAfter.set(vision, 1_500_000);
        const first = await serve(['--local-user'], env);
        const token = /Token \(shown once[^\n]*\n(loupe_\S+)/.exec(first.output())?.[1];
        let output = await outputMatching(first, /Similar search answers 503 until the model is there/);
        expect(output).toMatch(
          /First run: downloading the embedding model acme\/mnv2 and the C2PA trust lists in the background/,
        );
        expect(output).toMatch(/Saved the C2PA trust list: 1 certificate from .*\n.*\(sha256 [0-9a-f]{64}\)/);
        expect(output).toContain('C2PA trust lists in use');
        expect(output).toMatch(
          /onnx\/vision_model_quantized\.onnx of acme\/mnv2 .*cut off after \d+ bytes .*the next start resumes the download/,
        );
        expect(output).not.toMatch(/^Offline/m);
        expect(await stop(first.child)).toBe(0);

        // Second start: the download resumes with Range; similar search answers 503 until the model is whole, then works.
        let release!: () => void;
        sources.hold.set(vision, new Promise<void>((resolve) => (release = resolve)));
        sources.requests.length = 0;
        const second = await serve(['--local-user'], env);
        const similar = () =>
          fetch(`${second.url}/v1/products/similar`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
            body: new Uint8Array(png),
          });
        const png = await readFile(fixturePath('embed', 'images', 'products', 'gallery', 'src000.png'));
        await outputMatching(second, /First run: downloading the embedding model acme\/mnv2 in the background/);
        expect((await similar()).status).toBe(503);
        release();
        output = await outputMatching(second, /Embedding model ready in .*: similar search works now/);
        expect(output).toMatch(/onnx\/vision_model_quantized\.onnx: 3\.5 MB, sha256 checked/);
        expect(sources.requests.find((request) => request.path === vision && request.method === 'GET')?.range).toMatch(
          /^bytes=[1-9]\d*-$/,
        );
        expect((await similar()).status).toBe(200);
        expect(await stop(second.child)).toBe(0);

        // Third start: nothing is missing, nothing is fetched, nothing is said about it.
        sources.requests.length = 0;
        const third = await serve(['--local-user'], env);
        expect(await stop(third.child)).toBe(0);
        expect(third.output()).not.toMatch(/First run|Offline/);
        expect(sources.requests).toEqual([]);
      } finally {
        await sources.close();
        await rm(fresh, { recursive: true, force: true });
      }
    },
  );
});
