/**
 * POST /v1/provenance over loopback HTTP, every shared provenance fixture uploaded as bytes:
 *   npm run bench -- provenance-api
 * Prints files/s and p50/p95/max per file, cold (empty result cache) and cached, for first
 * answers (the POST's, provisional when C2PA validation runs past the server's budget) and final
 * answers (polling GET /v1/provenance/{sha256} every 50 ms after a provisional one), under the
 * production trust configuration EXPECTED.json names (or LOUPE_TRUST_ANCHORS / LOUPE_TRUST_CONFIG
 * when set). The library alone is measured by server/features/provenance/provenance.bench.ts; the
 * difference is the HTTP, auth and upload cost. Without the fixtures it says why and exits 0.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import type * as CasesModule from '../../../testing/provenance-fixture-cases';

let cases: typeof CasesModule;
try {
  // Imported lazily: the fixtures helper throws at import time under CI when the folder is missing.
  cases = await import('../../../testing/provenance-fixture-cases');
} catch (error) {
  console.log(`provenance API bench skipped: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(0);
}
const { haveFixtures, fixturesSkipReason } = await import('../../../testing/fixtures');
if (!haveFixtures || cases.provenanceFixtureCases.length === 0) {
  console.log(`provenance API bench skipped: ${fixturesSkipReason}`);
  process.exit(0);
}

const { loadEnv } = await import('../../../env');
const { runServer } = await import('../../../run-server');
const { analyzeProvenanceFinal, loadTrustLists } = await import('..');

const { benchSmoke } = await import('../../../testing/bench-mode');
const allFiles = cases.provenanceFixtureCases.map((c) => ({
  name: c.name,
  bytes: new Uint8Array(readFileSync(c.file)),
}));
/** A smoke run sends the four smallest files. */
const files = benchSmoke ? [...allFiles].sort((a, b) => a.bytes.byteLength - b.bytes.byteLength).slice(0, 4) : allFiles;
const dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-bench-prov-'));
let token = '';
const env = loadEnv({
  LOUPE_DATA_DIR: dataDir,
  PORT: '0',
  LOG_LEVEL: 'silent',
  LOUPE_TRUST_ANCHORS: process.env.LOUPE_TRUST_ANCHORS ?? cases.provenanceFixtureTrust.productionAnchors.join(','),
  LOUPE_TRUST_CONFIG: process.env.LOUPE_TRUST_ANCHORS
    ? process.env.LOUPE_TRUST_CONFIG
    : cases.provenanceFixtureTrust.config,
});
const server = await runServer(env, {
  beforeListen: async ({ users }) => {
    ({ token } = await users.create('bench'));
  },
});

const headers = () => ({ authorization: `Bearer ${token}` });

/** POST the bytes: the first answer's status and hash. */
async function post(bytes: Uint8Array<ArrayBuffer>): Promise<{ status: string; sha256: string }> {
  const response = await fetch(`${server.url}/v1/provenance`, {
    method: 'POST',
    headers: { ...headers(), 'content-type': 'image/*' },
    body: bytes,
  });
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return (await response.json()) as { status: string; sha256: string };
}

/** Poll GET /v1/provenance/{sha256} until the answer is final, as a client would (more often, to measure). */
async function untilFinal(sha256: string): Promise<void> {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const response = await fetch(`${server.url}/v1/provenance/${sha256}`, { headers: headers() });
    if (response.status !== 200) throw new Error(`GET by hash: HTTP ${response.status}`);
    if (((await response.json()) as { status: string }).status === 'final') return;
  }
}

type Timing = { name: string; ms: number };
const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;

function report(label: string, timings: Timing[]) {
  const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
  const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
  const total = sorted.reduce((sum, ms) => sum + ms, 0);
  console.log(
    `${label.padEnd(14)} files=${timings.length}  files/s=${((timings.length / total) * 1000).toFixed(1)}  p50=${percentile(sorted, 50).toFixed(2)} ms  p95=${percentile(sorted, 95).toFixed(2)} ms  max=${(slowest?.ms ?? 0).toFixed(2)} ms (${slowest?.name ?? '-'})`,
  );
}

/** One file at a time; a provisional answer is followed to its final one before the next file. */
async function pass(label: string) {
  const first: Timing[] = [];
  const final: Timing[] = [];
  const provisional: string[] = [];
  for (const file of files) {
    const started = performance.now();
    const answer = await post(file.bytes);
    first.push({ name: file.name, ms: performance.now() - started });
    if (answer.status === 'provisional') {
      provisional.push(file.name);
      await untilFinal(answer.sha256);
    }
    final.push({ name: file.name, ms: performance.now() - started });
  }
  report(`${label} first`, first);
  report(`${label} final`, final);
  console.log(`  provisional first answers: ${provisional.length ? provisional.join(', ') : 'none'}`);
}

try {
  const megabytes = files.reduce((sum, file) => sum + file.bytes.byteLength, 0) / 1024 / 1024;
  console.log(
    `POST /v1/provenance (bytes) over loopback, one at a time: ${files.length} files, ${megabytes.toFixed(1)} MiB, Node ${process.version}, ${cpus().length} cores`,
  );
  const warmUp = files.find((file) => file.name.endsWith('.jpg')) ?? files[0];
  if (warmUp) {
    // The C2PA validator is loaded once per process: an analysis here, outside the server's cache
    // (which stays cold), loads it; a request the cache cannot answer warms the HTTP path.
    const started = performance.now();
    const { sha256 } = await analyzeProvenanceFinal(warmUp.bytes, { trust: loadTrustLists(env).trust });
    const response = await fetch(`${server.url}/v1/provenance/${sha256}`, { headers: headers() });
    if (response.status !== 404)
      throw new Error(`the server's cache is not cold: GET by hash answered HTTP ${response.status}`);
    console.log(
      `startup (first analysis, loads the C2PA validator; first request): ${(performance.now() - started).toFixed(1)} ms`,
    );
  }
  await pass('cold');
  await pass('cached');
} finally {
  await server.stop();
  await rm(dataDir, { recursive: true, force: true });
}
