import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Builds the Firefox extension (MV2) once for the run (LOUPE_E2E_SKIP_BUILD=1 reuses .output). */
export default function globalSetup() {
  // Keep Firefox profiles and backend data inside the run, not piling up in /tmp.
  const tmp = path.resolve('.tmp/e2e-firefox');
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  if (process.env.LOUPE_E2E_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.resolve('node_modules/wxt/bin/wxt.mjs'), 'build', '-b', 'firefox'], {
    stdio: 'inherit',
  });
}
