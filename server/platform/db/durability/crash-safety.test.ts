import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { type Backend, startBackend } from '../../../../tests/e2e/harness/backend';
import { freePort } from '../../../testing/test-databases';
import { BoardSchema, PinPageSchema, SavePinResultSchema } from '../../../../utils/contract';
import { openDatabase, queryRows } from '../open-database';
import { sql } from 'drizzle-orm';

/**
 * Crash safety: a stream of concurrent saves (POST /v1/pins with an Idempotency-Key, retried
 * until acknowledged, as the extension's save queue does), a crash in the middle of it, and then
 * every acknowledged pin must be there, exactly once, in a consistent database.
 * The backend is a real process started through the CLI, as a person runs it.
 */

const WRITERS = 6;
const SAVES_PER_WRITER = 20;
/** The crash comes after this many acknowledged saves, with the rest still streaming in. */
const CRASH_AFTER = 25;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface SaveStream {
  /** Idempotency key → the pin id the server acknowledged. */
  acknowledged: Map<string, string>;
  /** Idempotency key → the image it saved (a retry sends the same body). */
  images: Map<string, string>;
  /** Attempts that failed because the server (or its database) was down: proof the crash hit mid-stream. */
  failedAttempts: number;
  /** Resolves at the next failed attempt: the writers have met the outage. */
  nextFailure(): Promise<void>;
  done: Promise<void>;
}

/** Writers that each save SAVES_PER_WRITER images, retrying each save (same key) until the server acknowledges it. */
function streamSaves(backend: Backend, boardId: string, onAcknowledged: (count: number) => void): SaveStream {
  let failureSeen: (() => void) | undefined;
  const stream: SaveStream = {
    acknowledged: new Map(),
    images: new Map(),
    failedAttempts: 0,
    nextFailure: () => new Promise<void>((resolve) => (failureSeen = resolve)),
    done: Promise.resolve(),
  };
  const save = async (key: string, imageUrl: string) => {
    stream.images.set(key, imageUrl);
    for (;;) {
      let status: number | undefined;
      try {
        const response = await fetch(`${backend.url}/v1/pins`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${backend.token}`,
            'content-type': 'application/json',
            'idempotency-key': key,
          },
          body: JSON.stringify({ boardId, imageUrl }),
        });
        status = response.status;
        if (status === 201 || status === 200) {
          stream.acknowledged.set(key, SavePinResultSchema.parse(await response.json()).pin.id);
          onAcknowledged(stream.acknowledged.size);
          return;
        }
        await response.body?.cancel();
      } catch {
        // The connection was refused or cut: the server is down. Retry, as a client would.
      }
      if (status !== undefined && status < 500) throw new Error(`save ${key} answered ${status}`);
      stream.failedAttempts++;
      failureSeen?.();
      await sleep(50);
    }
  };
  stream.done = Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      for (let i = 0; i < SAVES_PER_WRITER; i++) await save(randomUUID(), `https://images.invalid/w${writer}/${i}.jpg`);
    }),
  ).then(() => undefined);
  return stream;
}

/** Resolves when `count` saves have been acknowledged. */
function acknowledgements(count: number) {
  let reached!: () => void;
  const promise = new Promise<void>((resolve) => (reached = resolve));
  return { promise, onAcknowledged: (n: number) => n >= count && reached() };
}

async function createBoard(backend: Backend) {
  const response = await fetch(`${backend.url}/v1/boards`, {
    method: 'POST',
    headers: { authorization: `Bearer ${backend.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Crash test' }),
  });
  return BoardSchema.parse(await response.json());
}

/** After the crash and recovery: every acknowledged pin is there once, retries replay it, nothing else was stored. */
async function expectEveryAcknowledgedPinIntact(backend: Backend, boardId: string, stream: SaveStream) {
  const auth = { authorization: `Bearer ${backend.token}` };
  const stored: string[] = [];
  let cursor: string | null = null;
  do {
    const page = PinPageSchema.parse(
      await (
        await fetch(`${backend.url}/v1/boards/${boardId}/pins?limit=200${cursor ? `&cursor=${cursor}` : ''}`, {
          headers: auth,
        })
      ).json(),
    );
    stored.push(...page.items.map((pin) => pin.id));
    cursor = page.nextCursor;
  } while (cursor);

  expect(stream.acknowledged.size).toBe(WRITERS * SAVES_PER_WRITER);
  expect(new Set(stored).size).toBe(stored.length);
  expect(new Set(stored)).toEqual(new Set(stream.acknowledged.values()));
  const board = BoardSchema.parse(await (await fetch(`${backend.url}/v1/boards/${boardId}`, { headers: auth })).json());
  expect(board.pinCount).toBe(WRITERS * SAVES_PER_WRITER);

  // A retry of any acknowledged save (the key a client would resend) returns the same pin.
  for (const [key, pinId] of [...stream.acknowledged].slice(0, 30)) {
    const replay = await fetch(`${backend.url}/v1/pins`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': key },
      body: JSON.stringify({ boardId, imageUrl: stream.images.get(key) }),
    });
    expect(replay.status).toBe(201);
    expect(SavePinResultSchema.parse(await replay.json()).pin.id).toBe(pinId);
  }
}

/** The database's own view: pins unique per key and per image, every pin on an existing board, indexes agreeing with the table. */
const CONSISTENCY_QUERY = sql`SELECT
  (SELECT count(*) FROM pins)::int AS pins,
  (SELECT count(DISTINCT client_key) FROM pins)::int AS keys,
  (SELECT count(*) FROM pins p WHERE NOT EXISTS (SELECT 1 FROM boards b WHERE b.id = p.board_id))::int AS orphans,
  (SELECT count(*) FROM (SELECT board_id, image_url FROM pins GROUP BY 1, 2 HAVING count(*) > 1) d)::int AS duplicates`;

describe('crash safety on the embedded database', { timeout: 300_000 }, () => {
  let backend: Backend | undefined;
  afterAll(async () => {
    await backend?.stop().catch(() => undefined);
    if (backend) await rm(backend.dataDir, { recursive: true, force: true });
  });

  it('SIGKILL during concurrent acknowledged saves: after a restart on the same data directory, every acknowledged pin is there once', async () => {
    backend = await startBackend({ user: 'crash', env: { LOUPE_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'error' } });
    const board = await createBoard(backend);
    const crashPoint = acknowledgements(CRASH_AFTER);
    const stream = streamSaves(backend, board.id, crashPoint.onAcknowledged);

    await crashPoint.promise;
    const outageMet = stream.nextFailure();
    await backend.crash();
    const acknowledgedBeforeCrash = new Map(stream.acknowledged);
    // The dead process's lock is still there: the restart must see it is stale and take it over.
    expect(existsSync(path.join(backend.dataDir, 'loupe.pid'))).toBe(true);
    await outageMet; // the writers are retrying against the dead server
    await backend.restart();
    await stream.done;

    expect(acknowledgedBeforeCrash.size).toBeGreaterThanOrEqual(CRASH_AFTER);
    expect(stream.failedAttempts).toBeGreaterThan(0);
    await expectEveryAcknowledgedPinIntact(backend, board.id, stream);

    await backend.stop();
    const database = await openDatabase({ dataDir: backend.dataDir });
    try {
      const [check] = await queryRows<{ pins: number; keys: number; orphans: number; duplicates: number }>(
        database.db,
        CONSISTENCY_QUERY,
      );
      expect(check).toEqual({
        pins: WRITERS * SAVES_PER_WRITER,
        keys: WRITERS * SAVES_PER_WRITER,
        orphans: 0,
        duplicates: 0,
      });
    } finally {
      await database.close();
    }
  });
});

/**
 * A PostgreSQL server restart needs control of a server: the test starts its own throwaway
 * cluster with .ci/start-postgres (root, with Debian's PostgreSQL binaries), only when
 * PostgreSQL tests are asked for (LOUPE_TEST_DATABASE_URL), and says why when it cannot.
 */
const pgBin = (existsSync('/usr/lib/postgresql') ? readdirSync('/usr/lib/postgresql') : [])
  .map((version) => `/usr/lib/postgresql/${version}/bin/pg_ctl`)
  .filter((file) => existsSync(file))
  .sort()
  .at(-1);
const pgRestartSkipReason = !process.env.LOUPE_TEST_DATABASE_URL
  ? 'LOUPE_TEST_DATABASE_URL is not set (PostgreSQL tests not asked for)'
  : process.getuid?.() !== 0
    ? 'not running as root: cannot start a throwaway PostgreSQL cluster to restart'
    : !pgBin
      ? 'no PostgreSQL binaries under /usr/lib/postgresql'
      : '';
if (pgRestartSkipReason) console.warn(`Skipping the PostgreSQL restart crash test: ${pgRestartSkipReason}`);

describe.skipIf(Boolean(pgRestartSkipReason))('crash safety on PostgreSQL', { timeout: 300_000 }, () => {
  const clusterDir = path.join(tmpdir(), `loupe-crash-pg-${process.pid}`);
  const pgCtlArgs = (args: string[]) => ['-u', 'postgres', '--', pgBin!, '-D', path.join(clusterDir, 'data'), ...args];
  const pgCtl = (...args: string[]) => execFileSync('runuser', pgCtlArgs(args), { stdio: 'ignore' });
  /** Not execFileSync: the writers, in this process, must keep sending while PostgreSQL is down. */
  const pgCtlAsync = (...args: string[]) => promisify(execFile)('runuser', pgCtlArgs(args));
  let backend: Backend | undefined;
  afterAll(async () => {
    await backend?.stop().catch(() => undefined);
    if (backend) await rm(backend.dataDir, { recursive: true, force: true });
    try {
      pgCtl('-m', 'immediate', 'stop');
    } catch {
      // already stopped
    }
    await rm(clusterDir, { recursive: true, force: true });
  });

  it('a PostgreSQL crash-restart during concurrent acknowledged saves: the backend reconnects and every acknowledged pin is there once', async () => {
    const port = await freePort();
    const url = execFileSync('bash', ['.ci/start-postgres', clusterDir, String(port)], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .at(-1)!;
    backend = await startBackend({
      user: 'crash',
      env: { DATABASE_URL: url, LOUPE_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'fatal' },
    });
    const board = await createBoard(backend);
    const crashPoint = acknowledgements(CRASH_AFTER);
    const stream = streamSaves(backend, board.id, crashPoint.onAcknowledged);

    await crashPoint.promise;
    // "immediate" is PostgreSQL's crash: no checkpoint, recovery from the WAL at start.
    const outageMet = stream.nextFailure();
    await pgCtlAsync('-m', 'immediate', '-w', 'stop');
    await outageMet; // saves are failing (500) while the database is down
    const options = `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${clusterDir} -c fsync=off`; // as .ci/start-postgres starts it
    await pgCtlAsync('-w', '-l', path.join(clusterDir, 'server.log'), '-o', options, 'start');
    await stream.done;

    expect(stream.failedAttempts).toBeGreaterThan(0);
    await expectEveryAcknowledgedPinIntact(backend, board.id, stream);

    const database = await openDatabase({ databaseUrl: url, dataDir: 'unused', poolSize: 1 });
    try {
      const [check] = await queryRows<{ pins: number; keys: number; orphans: number; duplicates: number }>(
        database.db,
        CONSISTENCY_QUERY,
      );
      expect(check).toEqual({
        pins: WRITERS * SAVES_PER_WRITER,
        keys: WRITERS * SAVES_PER_WRITER,
        orphans: 0,
        duplicates: 0,
      });
    } finally {
      await database.close();
    }
  });
});
