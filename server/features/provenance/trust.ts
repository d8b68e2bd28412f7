import { readFileSync } from 'node:fs';

/**
 * Trust is configuration, not code: which C2PA signers count as "verified"
 * depends on the PEM anchors and the allowed key usages an operator provides.
 * With no anchors configured the C2PA reader still validates integrity but
 * reports signers as unchecked (`signed`, never `verified`).
 */
export interface TrustSettings {
  /** Concatenated PEM certificates: trust anchors for signers and time-stamp authorities. */
  anchorsPem?: string;
  /** Allowed extended key usage OIDs, one per line (c2pa-rs store.cfg format; `//` comments allowed). */
  allowedEkuConfig?: string;
}

/** Read trust settings from PEM/config files. Throws if a named file cannot be read (a config error should be loud). */
export const loadTrustSettings = (anchorFiles: readonly string[], configFile?: string): TrustSettings => {
  const pems = anchorFiles.map((file) => readFileSync(file, 'utf8').trim()).filter((pem) => pem.length > 0);
  const settings: TrustSettings = {};
  if (pems.length > 0) settings.anchorsPem = `${pems.join('\n')}\n`;
  if (configFile) settings.allowedEkuConfig = readFileSync(configFile, 'utf8');
  return settings;
};

/**
 * Trust settings from the environment: `LOUPE_TRUST_ANCHORS` (comma-separated
 * PEM files: signer and TSA anchors) and `LOUPE_TRUST_CONFIG` (store.cfg).
 */
export const trustSettingsFromEnv = (env: NodeJS.ProcessEnv = process.env): TrustSettings => {
  const anchors = (env.LOUPE_TRUST_ANCHORS ?? '').split(',').map((file) => file.trim()).filter(Boolean);
  const config = env.LOUPE_TRUST_CONFIG?.trim() || undefined;
  return loadTrustSettings(anchors, config);
};
