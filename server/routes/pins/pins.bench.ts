import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createApiClient } from '../../../utils/api-client';
import { loadEnv } from '../../env';
import { runServer } from '../../run-server';

/**
 * POST /v1/pins on the embedded database, over loopback, with concurrent
 * clients: every request a new image with its own Idempotency-Key (the save
 * queue's worst case is many distinct saves arriving at once).
 */
const dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-pins-bench-'));
let token = '';
const server = await runServer(loadEnv({ LOUPE_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' }), {
  beforeListen: async ({ users }) => {
    ({ token } = await users.create('bench'));
  },
});
const api = createApiClient({ baseUrl: server.url, token });
const board = await api.createBoard({ name: 'Bench' });

console.log(`POST /v1/pins, embedded database (PGlite), Node ${process.version}, ${cpus().length} cores, 10 s per run`);
let n = 0;
for (const connections of [1, 10, 50]) {
  const result = await autocannon({
    url: `${server.url}/v1/pins`,
    method: 'POST',
    connections,
    duration: 10,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requests: [
      {
        setupRequest: (request) => ({
          ...request,
          headers: { ...request.headers, 'idempotency-key': randomUUID() },
          body: JSON.stringify({ boardId: board.id, imageUrl: `https://cdn.example/bench/${++n}.jpg`, sourceUrl: 'https://shop.example/p', tags: ['bench'] }),
        }),
      },
    ],
  });
  console.log(
    `${String(connections).padStart(3)} clients  ${result.requests.average.toFixed(0).padStart(5)} saves/s   p50 ${result.latency.p50} ms   p95 ${result.latency.p97_5 ?? '-'} (p97.5) / p99 ${result.latency.p99} ms   non-2xx ${result.non2xx}   errors ${result.errors}`,
  );
}
const saved = await api.getBoard(board.id);
console.log(`pins stored: ${saved.pinCount} (one per acknowledged request)`);
await server.stop();
await rm(dataDir, { recursive: true, force: true });
