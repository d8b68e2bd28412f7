import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEnv } from '../../../env';
import { PROVENANCE_DEFAULTS, provenanceSettingsFromEnv } from './provenance.settings';
import { TEST_CERT_PEM } from '../testing/test-certificate';

describe('provenance settings from the environment', () => {
  let dir: string;
  let pem: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-provenance-settings-'));
    pem = path.join(dir, 'anchors.pem');
    await writeFile(pem, TEST_CERT_PEM);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const env = (values: Record<string, string>) => loadEnv({ LOUPE_DATA_DIR: path.join(dir, 'data'), ...values });

  it('reads the provisional-answer budget: 1 s by default, LOUPE_PROVENANCE_PROVISIONAL_MS when set, a bad value stops the server', () => {
    expect(provenanceSettingsFromEnv(env({})).provisionalAfterMs).toBe(1_000);
    expect(provenanceSettingsFromEnv(env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '0' })).provisionalAfterMs).toBe(0);
    expect(
      provenanceSettingsFromEnv(env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '2500', LOUPE_TRUST_ANCHORS: pem }))
        .provisionalAfterMs,
    ).toBe(2_500);
    expect(() => env({ LOUPE_PROVENANCE_PROVISIONAL_MS: 'soon' })).toThrow(
      /LOUPE_PROVENANCE_PROVISIONAL_MS: must be a number of milliseconds/,
    );
    expect(() => env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '-1' })).toThrow(
      /LOUPE_PROVENANCE_PROVISIONAL_MS: must be 0 or more/,
    );
  });

  it('has no trust list and refuses private addresses by default', () => {
    const settings = provenanceSettingsFromEnv(env({}));
    expect(settings).toMatchObject({ trust: {}, allowPrivate: false, maxBytes: PROVENANCE_DEFAULTS.maxBytes });
    expect(settings.trustSource).toMatch(/^none/);
  });

  it('takes its trust lists from the one loader (trust.test.ts), and LOUPE_FETCH_ALLOW_PRIVATE', () => {
    const settings = provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: pem, LOUPE_FETCH_ALLOW_PRIVATE: 'true' }));
    expect(settings.trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(1);
    expect(settings.trustSource).toBe(`LOUPE_TRUST_ANCHORS (${pem})`);
    expect(settings.allowPrivate).toBe(true);
    expect(() => provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: path.join(dir, 'nope.pem') }))).toThrow(
      /LOUPE_TRUST_ANCHORS: cannot read ".*nope\.pem" \(no such file\)/,
    );
  });
});
