/**
 * Provenance benchmark over the shared fixture set:
 *   npx tsx server/provenance/provenance.bench.ts
 * Prints files/second and p50/p95/max per file, cold (no cache) and cached.
 * Targets from the issue: p50 <= 50 ms cold, <= 2 ms cached, no file over 2 s.
 * Trust: LOUPE_TRUST_ANCHORS / LOUPE_TRUST_CONFIG when set, else the
 * production configuration named in the fixtures' EXPECTED.json.
 * Without the fixtures folder it says why and exits 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type * as FixturesModule from '../testing/fixtures';

const main = async (): Promise<void> => {
  // Imported lazily: the helper throws at import time under CI when the folder is missing.
  let fixtures: typeof FixturesModule;
  try {
    fixtures = await import('../testing/fixtures');
  } catch (error) {
    console.log(`provenance bench skipped: ${error instanceof Error ? error.message : String(error)}`);
    return;
  }
  const dir = fixtures.fixturePath('provenance');
  if (!fixtures.haveFixtures || !readdirSync(fixtures.fixturesDir).includes('provenance')) {
    console.log(`provenance bench skipped: ${fixtures.fixturesSkipReason}`);
    return;
  }

  const { analyzeProvenance, clearProvenanceCache } = await import('./analyze');
  const { closeC2paValidator } = await import('./readers/c2pa-wasm');
  const { loadTrustSettings, trustSettingsFromEnv } = await import('./trust');

  const trust = process.env.LOUPE_TRUST_ANCHORS
    ? trustSettingsFromEnv()
    : loadTrustSettings([path.join(dir, 'C2PA-TRUST-LIST.pem'), path.join(dir, 'C2PA-TSA-TRUST-LIST.pem')], path.join(dir, 'c2pa-rs-store.cfg'));
  const files = readdirSync(dir)
    .filter((name) => !/\.(json|pem|cfg)$/.test(name))
    .sort()
    .map((name) => ({ name, bytes: new Uint8Array(readFileSync(path.join(dir, name))) }));

  const percentile = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
  const report = (label: string, timings: { name: string; ms: number }[], totalMs: number) => {
    const sorted = timings.map((t) => t.ms).sort((a, b) => a - b);
    const slowest = [...timings].sort((a, b) => b.ms - a.ms)[0];
    console.log(
      `${label.padEnd(7)} files=${timings.length}  files/s=${((timings.length / totalMs) * 1000).toFixed(1)}  p50=${percentile(sorted, 50).toFixed(2)} ms  p95=${percentile(sorted, 95).toFixed(2)} ms  max=${(slowest?.ms ?? 0).toFixed(2)} ms (${slowest?.name ?? '-'})`,
    );
    return { p50: percentile(sorted, 50), max: slowest?.ms ?? 0 };
  };

  // Start-up (loading the C2PA validator worker and compiling its WASM) is reported on its own.
  const warmUpFile = files.find((file) => file.name.endsWith('.jpg')) ?? files[0];
  let started = performance.now();
  if (warmUpFile) await analyzeProvenance(warmUpFile.bytes, { trust, cache: false });
  console.log(`startup (first analysis, loads the C2PA validator): ${(performance.now() - started).toFixed(1)} ms`);

  clearProvenanceCache();
  const cold: { name: string; ms: number }[] = [];
  started = performance.now();
  for (const file of files) {
    const t = performance.now();
    await analyzeProvenance(file.bytes, { trust, cache: true }); // fills the cache for the next pass
    cold.push({ name: file.name, ms: performance.now() - t });
  }
  const coldStats = report('cold', cold, performance.now() - started);

  const cached: { name: string; ms: number }[] = [];
  started = performance.now();
  for (const file of files) {
    const t = performance.now();
    await analyzeProvenance(file.bytes, { trust });
    cached.push({ name: file.name, ms: performance.now() - t });
  }
  const cachedStats = report('cached', cached, performance.now() - started);

  console.log('\nslowest cold files:');
  for (const t of [...cold].sort((a, b) => b.ms - a.ms).slice(0, 8)) console.log(`  ${t.ms.toFixed(1).padStart(8)} ms  ${t.name}`);

  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log('\ntargets:');
  console.log(`  p50 cold <= 50 ms:   ${verdict(coldStats.p50 <= 50)} (${coldStats.p50.toFixed(2)} ms)`);
  console.log(`  p50 cached <= 2 ms:  ${verdict(cachedStats.p50 <= 2)} (${cachedStats.p50.toFixed(2)} ms)`);
  console.log(`  no file over 2 s:    ${verdict(coldStats.max <= 2000)} (max ${coldStats.max.toFixed(0)} ms)`);
  await closeC2paValidator();
};

await main();
