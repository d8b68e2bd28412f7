import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import autocannon from 'autocannon';
import { type Backend, startBackend } from '../../../tests/e2e/harness/backend';
import { autocannonCounts, benchSize, benchSmoke, onThrowawayPostgres, refusals } from '../../testing/bench-mode';

/**
 * POST /v1/pins over loopback with concurrent clients, every request a new image with its own
 * Idempotency-Key (the save queue's worst case: many distinct saves arriving at once), on the
 * embedded database and, when a server is given (LOUPE_BENCH_DATABASE_URL, else
 * LOUPE_TEST_DATABASE_URL), on PostgreSQL. The backend runs as its own process, as in production,
 * with the rate limit off (one token makes every request here: the limit would answer 429 and the
 * figures would measure refusals). Any answer but 201 fails the benchmark.
 * The client (autocannon, in this process) shares the machine's cores with the backend.
 *
 *   LOUPE_BENCH_SECONDS (default 10 per run)
 */
const SECONDS = benchSize(Number(process.env.LOUPE_BENCH_SECONDS ?? 10), 1);
const CONNECTIONS = benchSize([1, 16, 64], [1, 4]);
const serverUrl = process.env.LOUPE_BENCH_DATABASE_URL ?? process.env.LOUPE_TEST_DATABASE_URL;
/** Refused requests, said at the end (after every run's figures), which then fails. */
const problems: string[] = [];
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

async function measure(title: string, env: NodeJS.ProcessEnv) {
  const backend: Backend = await startBackend({
    user: 'bench',
    env: { LOUPE_RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'warn', ...env },
  });
  try {
    const board = await backend.api.createBoard({ name: 'Bench' });
    console.log(`\n${title}: POST /v1/pins, ${SECONDS} s per run, load average before ${load()}`);
    let n = 0;
    let acknowledged = 0;
    for (const connections of CONNECTIONS) {
      const result = await autocannon({
        url: `${backend.url}/v1/pins`,
        method: 'POST',
        connections,
        duration: SECONDS,
        // A slow answer is measured (its latency shows in p99 and max), not cut off as an error at autocannon's default 10 s.
        timeout: 60,
        headers: { authorization: `Bearer ${backend.token}`, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => ({
              ...request,
              headers: { ...request.headers, 'idempotency-key': randomUUID() },
              body: JSON.stringify({
                boardId: board.id,
                imageUrl: `https://cdn.example/bench/${++n}.jpg`,
                sourceUrl: 'https://shop.example/p',
                tags: ['bench'],
              }),
            }),
          },
        ],
      });
      console.log(
        `  ${String(connections).padStart(3)} clients  ${result.requests.average.toFixed(0).padStart(5)} saves/s   p50 ${result.latency.p50} ms   p90 ${result.latency.p90} ms   p99 ${result.latency.p99} ms   max ${result.latency.max} ms   non-2xx ${result.non2xx}   errors ${result.errors}`,
      );
      const problem = refusals(`POST /v1/pins with ${connections} clients on ${title}`, autocannonCounts(result));
      if (problem) problems.push(problem);
      acknowledged += result['2xx'];
    }
    const stored = (await backend.api.getBoard(board.id)).pinCount;
    console.log(
      `  pins stored: ${stored} for ${acknowledged} acknowledged saves (autocannon may count a few answers after its clock stopped)`,
    );
    if (stored < acknowledged) throw new Error(`only ${stored} pins stored for ${acknowledged} acknowledged saves`);
  } catch (error) {
    console.error(backend.output().slice(-4000));
    throw error;
  } finally {
    await backend.stop();
    await rm(backend.dataDir, { recursive: true, force: true });
  }
}

console.log(
  `Node ${process.version}, ${cpus().length} cores shared by the backend, the database and this client; load average ${load()}${benchSmoke ? ' (smoke run)' : ''}`,
);
await measure('Embedded database (PGlite)', {});
await onThrowawayPostgres(serverUrl, measure);
if (problems.length) {
  console.error(`\n!!! ${problems.join('\n!!! ')}`);
  process.exit(1);
}
