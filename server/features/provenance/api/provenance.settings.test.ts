import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../../env';
import { PROVENANCE_DEFAULTS, provenanceSettingsFromEnv } from './provenance.settings';
import { TRUST_LIST_FILES, trustListDir } from './trust-lists';
import { TEST_CERT_PEM } from '../testing/test-certificate';

describe('provenance settings from the environment', () => {
  let dir: string;
  let pem: string;
  let other: string;
  let cfg: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-trust-settings-'));
    pem = path.join(dir, 'anchors.pem');
    other = path.join(dir, 'tsa.pem');
    cfg = path.join(dir, 'store.cfg');
    await writeFile(pem, TEST_CERT_PEM);
    await writeFile(other, `# a comment line\n${TEST_CERT_PEM}`);
    await writeFile(cfg, '// allowed EKUs\n1.3.6.1.5.5.7.3.4\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const env = (values: Record<string, string>) => loadEnv({ LOUPE_DATA_DIR: path.join(dir, 'data'), ...values });

  it('reads the provisional-answer budget: 1 s by default, LOUPE_PROVENANCE_PROVISIONAL_MS when set, a bad value stops the server', () => {
    expect(provenanceSettingsFromEnv(env({})).provisionalAfterMs).toBe(1_000);
    expect(provenanceSettingsFromEnv(env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '0' })).provisionalAfterMs).toBe(0);
    expect(provenanceSettingsFromEnv(env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '2500', LOUPE_TRUST_ANCHORS: pem })).provisionalAfterMs).toBe(2_500);
    expect(() => env({ LOUPE_PROVENANCE_PROVISIONAL_MS: 'soon' })).toThrow(/LOUPE_PROVENANCE_PROVISIONAL_MS: must be a number of milliseconds/);
    expect(() => env({ LOUPE_PROVENANCE_PROVISIONAL_MS: '-1' })).toThrow(/LOUPE_PROVENANCE_PROVISIONAL_MS: must be 0 or more/);
  });

  it('has no trust list and refuses private addresses by default', () => {
    const settings = provenanceSettingsFromEnv(env({}));
    expect(settings).toMatchObject({ trust: {}, allowPrivate: false, maxBytes: PROVENANCE_DEFAULTS.maxBytes });
    expect(settings.trustSource).toMatch(/^none/);
  });

  it('reads LOUPE_TRUST_ANCHORS (comma-separated) and LOUPE_TRUST_CONFIG', () => {
    const settings = provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: ` ${pem} , ${other}`, LOUPE_TRUST_CONFIG: cfg, LOUPE_FETCH_ALLOW_PRIVATE: 'true' }));
    expect(settings.trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(settings.trust.allowedEkuConfig).toContain('1.3.6.1.5.5.7.3.4');
    expect(settings.allowPrivate).toBe(true);
    expect(settings.trustSource).toContain('LOUPE_TRUST_ANCHORS');
  });

  it('stops with a message naming the setting when a file is missing or not PEM', () => {
    expect(() => provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: `${pem},${path.join(dir, 'nope.pem')}` }))).toThrow(ConfigError);
    expect(() => provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: path.join(dir, 'nope.pem') }))).toThrow(/LOUPE_TRUST_ANCHORS: cannot read ".*nope\.pem" \(no such file\)/);
    expect(() => provenanceSettingsFromEnv(env({ LOUPE_TRUST_CONFIG: path.join(dir, 'nope.cfg') }))).toThrow(/LOUPE_TRUST_CONFIG: cannot read/);
    expect(() => provenanceSettingsFromEnv(env({ LOUPE_TRUST_ANCHORS: cfg }))).toThrow(/LOUPE_TRUST_ANCHORS: ".*store\.cfg" is not a list of PEM certificates/);
  });

  it('uses the lists `trust update` saved in the data directory when neither setting is given', async () => {
    const dataDir = path.join(dir, 'with-lists');
    await mkdir(trustListDir(dataDir), { recursive: true });
    await writeFile(path.join(trustListDir(dataDir), TRUST_LIST_FILES.anchors), TEST_CERT_PEM);
    await writeFile(path.join(trustListDir(dataDir), TRUST_LIST_FILES.tsa), TEST_CERT_PEM);
    const settings = provenanceSettingsFromEnv(loadEnv({ LOUPE_DATA_DIR: dataDir }));
    expect(settings.trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(settings.trustSource).toMatch(/^downloaded trust lists/);

    // An explicit setting wins over the downloaded lists.
    const explicit = provenanceSettingsFromEnv(loadEnv({ LOUPE_DATA_DIR: dataDir, LOUPE_TRUST_CONFIG: cfg }));
    expect(explicit.trust.anchorsPem).toBeUndefined();
    expect(explicit.trustSource).toContain('LOUPE_TRUST_CONFIG');
  });
});
