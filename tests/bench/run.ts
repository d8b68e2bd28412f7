import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run bench`: runs every `*.bench.ts` script in the repository, one after
 * another (benchmarks running side by side would measure each other), and
 * prints their figures. `npm run bench -- provenance` runs those whose path
 * contains "provenance".
 */
const filter = process.argv[2];
const scripts = ['server', 'utils', 'tests']
  .flatMap((dir) => readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((file) => path.join(dir, file)))
  .filter((file) => file.endsWith('.bench.ts') && (!filter || file.includes(filter)))
  .sort();

if (scripts.length === 0) {
  console.log(filter ? `No benchmark matches "${filter}".` : 'No benchmarks found.');
  process.exit(0);
}

let failed = 0;
for (const script of scripts) {
  console.log(`\n=== ${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.resolve(script)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed++;
    console.log(`!!! ${script} exited with ${result.status ?? result.signal}`);
  }
}
console.log(`\n${scripts.length - failed} of ${scripts.length} benchmarks ran.`);
process.exit(failed ? 1 : 0);
