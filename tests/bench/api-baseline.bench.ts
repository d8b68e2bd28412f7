import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { loadEnv } from '../../server/env';
import { runServer } from '../../server/run-server';
import { autocannonCounts, benchSize, failOnRefusals } from '../../server/testing/bench-mode';

/**
 * The floor every API figure stands on: authenticated GET /v1/me (token hash
 * lookup + one join) and GET /healthz, on the embedded database, over loopback. One token
 * makes every request, so the rate limit is off (else this would measure 429s); any answer but
 * 200 fails the benchmark. Client and server share this process.
 */
const SECONDS = benchSize(5, 1);
const dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-bench-'));
let token = '';
const server = await runServer(
  loadEnv({ LOUPE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', LOUPE_RATE_LIMIT_PER_MINUTE: '0' }),
  {
    beforeListen: async ({ users }) => {
      ({ token } = await users.create('bench'));
    },
  },
);

async function measure(title: string, urlPath: string, headers: Record<string, string> = {}) {
  const result = await autocannon({ url: `${server.url}${urlPath}`, connections: 10, duration: SECONDS, headers });
  const { requests, latency, non2xx, errors } = result;
  console.log(
    `${title.padEnd(28)} ${requests.average.toFixed(0).padStart(6)} req/s   p50 ${latency.p50} ms   p90 ${latency.p90} ms   p99 ${latency.p99} ms   non-2xx ${non2xx}   errors ${errors}`,
  );
  failOnRefusals(title, autocannonCounts(result));
}

console.log(
  `10 concurrent connections, ${SECONDS} s each, Node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
);
try {
  await measure('GET /healthz', '/healthz');
  await measure('GET /v1/me (bearer token)', '/v1/me', { authorization: `Bearer ${token}` });
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
