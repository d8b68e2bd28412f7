import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ProvenanceStrength, ProvenanceVerdict } from '../../utils/contract/provenance';
import { fixturePath, haveFixtures } from './fixtures';

/**
 * The provenance fixture case table: every image in `<fixtures>/provenance/` and what
 * EXPECTED.json says about it, with the trust configurations it names. One table for every
 * suite that checks the fixtures (the library's, the API's, the benchmark), so none re-reads
 * EXPECTED.json its own way.
 */
export interface ProvenanceFixtureCase {
  name: string;
  file: string;
  /** Under the production trust configuration. */
  expected: { verdict: ProvenanceVerdict; strength: ProvenanceStrength };
  /** With the c2pa-rs test anchors added, only where that differs ("verified-test-anchor" read as "verified"). */
  withTestAnchors?: { verdict: ProvenanceVerdict; strength: ProvenanceStrength };
  /** The file carries Content Credentials that do not match it (a mismatch warning is expected). */
  mismatchWarning: boolean;
  bytes?: number;
}

interface ExpectedEntry {
  verdict: ProvenanceVerdict;
  strength: ProvenanceStrength;
  warning?: string;
  verdict_with_test_anchors?: ProvenanceVerdict;
  strength_with_test_anchors?: ProvenanceStrength | 'verified-test-anchor';
  bytes?: number;
}

export const provenanceFixturesDir = fixturePath('provenance');
const inDir = (name: string) => path.join(provenanceFixturesDir, name);

function loadCases(): ProvenanceFixtureCase[] {
  if (!haveFixtures) return [];
  const all = JSON.parse(readFileSync(inDir('EXPECTED.json'), 'utf8')) as Record<string, ExpectedEntry>;
  return Object.entries(all)
    .filter(([name]) => !name.startsWith('_'))
    .map(([name, entry]) => ({
      name,
      file: inDir(name),
      expected: { verdict: entry.verdict, strength: entry.strength },
      withTestAnchors:
        entry.strength_with_test_anchors && entry.verdict_with_test_anchors
          ? {
              verdict: entry.verdict_with_test_anchors,
              strength:
                entry.strength_with_test_anchors === 'verified-test-anchor'
                  ? 'verified'
                  : entry.strength_with_test_anchors,
            }
          : undefined,
      mismatchWarning: Boolean(entry.warning),
      bytes: entry.bytes,
    }));
}

/** Empty when the fixtures are absent (suites skip with `describe.skipIf(!haveFixtures)`). */
export const provenanceFixtureCases: ProvenanceFixtureCase[] = loadCases();

/** The trust files EXPECTED.json names: production (official lists + c2pa-rs store.cfg), and the c2pa-rs test roots. */
export const provenanceFixtureTrust = {
  productionAnchors: [inDir('C2PA-TRUST-LIST.pem'), inDir('C2PA-TSA-TRUST-LIST.pem')],
  testAnchors: inDir('c2pa-rs-test-anchors.pem'),
  config: inDir('c2pa-rs-store.cfg'),
};
