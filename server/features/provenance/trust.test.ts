import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trustSettingsFromEnv } from './trust';

describe('trustSettingsFromEnv', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'loupe-trust-'));
  const a = path.join(dir, 'a.pem');
  const b = path.join(dir, 'b.pem');
  const cfg = path.join(dir, 'store.cfg');
  writeFileSync(a, '-----BEGIN CERTIFICATE-----\nAAA\n-----END CERTIFICATE-----\n');
  writeFileSync(b, '-----BEGIN CERTIFICATE-----\nBBB\n-----END CERTIFICATE-----');
  writeFileSync(cfg, '// C2PA\n1.3.6.1.4.1.62558.2.1\n');

  it('is empty (signers unchecked) when nothing is configured', () => {
    expect(trustSettingsFromEnv({})).toEqual({});
    expect(trustSettingsFromEnv({ LOUPE_TRUST_ANCHORS: ' , ' })).toEqual({});
  });

  it('concatenates comma-separated PEM files and reads the EKU config', () => {
    const settings = trustSettingsFromEnv({ LOUPE_TRUST_ANCHORS: `${a}, ${b}`, LOUPE_TRUST_CONFIG: cfg });
    expect(settings.anchorsPem?.match(/BEGIN CERTIFICATE/g)).toHaveLength(2);
    expect(settings.allowedEkuConfig).toContain('1.3.6.1.4.1.62558.2.1');
  });

  it('fails loudly on a missing file: a trust misconfiguration must not pass silently', () => {
    expect(() => trustSettingsFromEnv({ LOUPE_TRUST_ANCHORS: path.join(dir, 'missing.pem') })).toThrow();
  });
});
