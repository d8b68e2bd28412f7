import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

/** Builds the Chrome extension once for the whole run (set LOUPE_E2E_SKIP_BUILD=1 to reuse .output). */
export default function globalSetup() {
  // Keep Chromium profiles and other temporary files inside the run, not piling up in /tmp.
  const tmp = path.resolve('.tmp/e2e');
  mkdirSync(tmp, { recursive: true });
  process.env.TMPDIR = tmp;
  if (process.env.LOUPE_E2E_SKIP_BUILD === '1') return;
  execFileSync(process.execPath, [path.resolve('node_modules/wxt/bin/wxt.mjs'), 'build'], { stdio: 'inherit' });
}
