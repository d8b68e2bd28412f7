import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Where the shared test data lives. Tests read it through `LOUPE_FIXTURES`
 * (default `../shared/fixtures`, beside the checkout). Loupe's own code never
 * assumes this folder exists; only tests do, and they skip when it is absent.
 */
export const fixturesDir = path.resolve(
  process.env.LOUPE_FIXTURES ?? path.join(process.cwd(), '..', 'shared', 'fixtures'),
);

export const haveFixtures = existsSync(fixturesDir);

/** A reason to print when fixture-backed tests skip, so a newcomer knows why. */
export const fixturesSkipReason = `test data not found at ${fixturesDir} (set LOUPE_FIXTURES to the shared fixtures folder)`;

if (!haveFixtures && process.env.CI) {
  // .ci/run checks this too; failing here as well keeps CI honest if a test runner is started by hand.
  throw new Error(`CI is set but ${fixturesSkipReason}`);
}

export const fixturePath = (...parts: string[]) => path.join(fixturesDir, ...parts);
