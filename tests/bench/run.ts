import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

/**
 * `npm run bench`: runs every `*.bench.ts` script in the repository, one after
 * another (benchmarks running side by side would measure each other), and
 * prints their figures. `npm run bench -- provenance` runs those whose path
 * contains "provenance". `npm run bench -- --smoke` (`npm run test:bench-smoke`,
 * part of `npm test`) runs each at a tiny size (LOUPE_BENCH_SMOKE=1, see
 * server/testing/bench-mode.ts): it proves every benchmark still runs to its end.
 * Any script that exits non-zero fails the run.
 */
const { values, positionals } = parseArgs({
  options: { smoke: { type: 'boolean', default: false } },
  allowPositionals: true,
});
const filter = positionals[0];
const scripts = ['server', 'utils', 'tests']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)))
  .filter((file) => file.endsWith('.bench.ts') && (!filter || file.includes(filter)))
  .sort();

if (scripts.length === 0) {
  console.log(filter ? `No benchmark matches "${filter}".` : 'No benchmarks found.');
  process.exit(filter ? 1 : 0);
}

const env = values.smoke ? { ...process.env, LOUPE_BENCH_SMOKE: '1' } : process.env;
const started = performance.now();
const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n=== ${script}${values.smoke ? ' (smoke: tiny size, the figures mean nothing)' : ''}`);
  const t0 = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(script)], { stdio: 'inherit', env });
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed.push(script);
    console.log(`!!! ${script} exited with ${result.status ?? result.signal} after ${seconds} s`);
  } else {
    console.log(`--- ${script}: ${seconds} s`);
  }
}
const total = ((performance.now() - started) / 1000).toFixed(0);
console.log(
  `\n${scripts.length - failed.length} of ${scripts.length} benchmarks ran to their end in ${total} s.${failed.length ? ` Failed: ${failed.join(', ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
