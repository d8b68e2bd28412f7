import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../../platform/config-error';
import { TEST_CERT_PEM } from './testing/test-certificate';
import { loadTrustLists, locateTrustLists } from './trust';
import { TRUST_LIST_FILES, trustListDir } from './trust-lists';

describe('the trust-list loader', () => {
  let dir: string;
  let pem: string;
  let other: string;
  let cfg: string;
  const dataDir = () => path.join(dir, 'data');

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-trust-'));
    pem = path.join(dir, 'anchors.pem');
    other = path.join(dir, 'tsa.pem');
    cfg = path.join(dir, 'store.cfg');
    await writeFile(pem, TEST_CERT_PEM);
    await writeFile(other, `# a comment line\n${TEST_CERT_PEM}`);
    await writeFile(cfg, '// allowed EKUs\n1.3.6.1.5.5.7.3.4\n');
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('has no trust list (signers unchecked) when nothing is configured or saved', () => {
    expect(locateTrustLists({ LOUPE_DATA_DIR: dataDir() })).toEqual({ from: 'none' });
    const loaded = loadTrustLists({ LOUPE_DATA_DIR: dataDir(), LOUPE_TRUST_ANCHORS: ' , ' });
    expect(loaded.trust).toEqual({});
    expect(loaded.source).toMatch(/^none/);
  });

  it('reads LOUPE_TRUST_ANCHORS (comma-separated PEM files, concatenated) and LOUPE_TRUST_CONFIG', () => {
    const { trust, source } = loadTrustLists({
      LOUPE_DATA_DIR: dataDir(),
      LOUPE_TRUST_ANCHORS: ` ${pem} , ${other}`,
      LOUPE_TRUST_CONFIG: cfg,
    });
    expect(trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(trust.allowedEkuConfig).toContain('1.3.6.1.5.5.7.3.4');
    expect(source).toBe(`LOUPE_TRUST_ANCHORS (${pem}, ${other}) + LOUPE_TRUST_CONFIG (${cfg})`);
  });

  it('stops with a message naming the setting when a file is missing or not PEM certificates', () => {
    const load = (values: Record<string, string>) => () => loadTrustLists({ LOUPE_DATA_DIR: dataDir(), ...values });
    expect(load({ LOUPE_TRUST_ANCHORS: `${pem},${path.join(dir, 'nope.pem')}` })).toThrow(ConfigError);
    expect(load({ LOUPE_TRUST_ANCHORS: path.join(dir, 'nope.pem') })).toThrow(
      /LOUPE_TRUST_ANCHORS: cannot read ".*nope\.pem" \(no such file\)/,
    );
    expect(load({ LOUPE_TRUST_CONFIG: path.join(dir, 'nope.cfg') })).toThrow(/LOUPE_TRUST_CONFIG: cannot read/);
    expect(load({ LOUPE_TRUST_ANCHORS: cfg })).toThrow(
      /LOUPE_TRUST_ANCHORS: ".*store\.cfg" is not a list of PEM certificates/,
    );
  });

  it('uses the lists `trust update` saved in the data directory when neither setting is given; a setting wins over them', async () => {
    const withLists = path.join(dir, 'with-lists');
    await mkdir(trustListDir(withLists), { recursive: true });
    await writeFile(path.join(trustListDir(withLists), TRUST_LIST_FILES.anchors), TEST_CERT_PEM);
    expect(locateTrustLists({ LOUPE_DATA_DIR: withLists })).toMatchObject({ from: 'downloaded', complete: false }); // what `npm start` downloads again
    await writeFile(path.join(trustListDir(withLists), TRUST_LIST_FILES.tsa), TEST_CERT_PEM);
    expect(locateTrustLists({ LOUPE_DATA_DIR: withLists })).toMatchObject({ from: 'downloaded', complete: true });

    const downloaded = loadTrustLists({ LOUPE_DATA_DIR: withLists });
    expect(downloaded.trust.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(downloaded.source).toMatch(/^downloaded trust lists/);

    const explicit = loadTrustLists({ LOUPE_DATA_DIR: withLists, LOUPE_TRUST_CONFIG: cfg });
    expect(explicit.trust.anchorsPem).toBeUndefined();
    expect(explicit.source).toContain('LOUPE_TRUST_CONFIG');

    await writeFile(path.join(trustListDir(withLists), TRUST_LIST_FILES.tsa), '<!doctype html>');
    expect(() => loadTrustLists({ LOUPE_DATA_DIR: withLists })).toThrow(
      /trust list in .* \(run "npm run server -- trust update" again\): .* is not a list of PEM certificates/,
    );
  });
});
