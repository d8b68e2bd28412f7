/**
 * POST /v1/provenance over loopback HTTP, every shared provenance fixture uploaded as bytes:
 *   npm run bench -- provenance-api
 * Prints files/s and p50/p95/max per file, cold (empty result cache) and cached, under the
 * production trust configuration EXPECTED.json names (or LOUPE_TRUST_ANCHORS / LOUPE_TRUST_CONFIG
 * when set). The library alone is measured by server/provenance/provenance.bench.ts; the
 * difference is the HTTP, auth and upload cost. Without the fixtures it says why and exits 0.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type * as CasesModule from '../../testing/provenance-fixture-cases';

let cases: typeof CasesModule;
try {
  // Imported lazily: the fixtures helper throws at import time under CI when the folder is missing.
  cases = await import('../../testing/provenance-fixture-cases');
} catch (error) {
  console.log(`provenance API bench skipped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(0);
}
const { haveFixtures, fixturesSkipReason } = await import('../../testing/fixtures');
if (!haveFixtures || cases.provenanceFixtureCases.length === 0) {
  console.log(`provenance API bench skipped: ${fixturesSkipReason}`);
  process.exit(0);
}

const { loadEnv } = await import('../../env');
const { runServer } = await import('../../run-server');
const { clearProvenanceCache } = await import('../../provenance');

const files = cases.provenanceFixtureCases.map((c) => ({ name: c.name, bytes: new Uint8Array(readFileSync(c.file)) }));
const dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-bench-prov-'));
let token = '';
const server = await runServer(
  loadEnv({
    LOUPE_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    LOUPE_TRUST_ANCHORS: process.env.LOUPE_TRUST_ANCHORS ?? cases.provenanceFixtureTrust.productionAnchors.join(','),
    LOUPE_TRUST_CONFIG: process.env.LOUPE_TRUST_ANCHORS ? process.env.LOUPE_TRUST_CONFIG : cases.provenanceFixtureTrust.config,
  }),
  {
    beforeListen: async ({ users }) => {
      ({ token } = await users.create('bench'));
    },
  },
);

async function post(bytes: Uint8Array<ArrayBuffer>): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.url}/v1/provenance`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'image/*' },
    body: bytes,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return performance.now() - started;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

async function pass(label: string) {
  const timings: { name: string; ms: number }[] = [];
  const started = performance.now();
  for (const file of files) timings.push({ name: file.name, ms: await post(file.bytes) });
  const total = performance.now() - started;
  const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
  console.log(
    `${label.padEnd(7)} files=${timings.length}  files/s=${((timings.length / total) * 1000).toFixed(1)}  p50=${percentile(sorted, 50).toFixed(2)} ms  p95=${percentile(sorted, 95).toFixed(2)} ms  max=${(slowest?.ms ?? 0).toFixed(2)} ms (${slowest?.name ?? '-'})`,
  );
}

try {
  const megabytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0) / 1024 / 1024;
  console.log(`POST /v1/provenance (bytes) over loopback, one at a time: ${files.length} files, ${megabytes.toFixed(1)} MiB, Node ${process.version}, ${cpus().length} cores`);
  const warmUp = files.find((file) => file.name.endsWith('.jpg')) ?? files[0];
  if (warmUp) console.log(`startup (first request, loads the C2PA validator): ${(await post(warmUp.bytes)).toFixed(1)} ms`);
  clearProvenanceCache(); // the server runs in this process: its result cache is this module's
  await pass('cold');
  await pass('cached');
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
