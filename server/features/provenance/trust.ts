import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../platform/config-error';
import { countPemCertificates, TRUST_LIST_FILES, trustListDir } from './trust-lists';

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

/** The settings that say where the trust lists are. */
export interface TrustEnv {
  /** Where `trust update` saves the official lists; without it only the two settings below count. */
  LOUPE_DATA_DIR?: string | undefined;
  /** Comma-separated PEM files: signer and TSA anchors. */
  LOUPE_TRUST_ANCHORS?: string | undefined;
  /** Allowed key usages, c2pa-rs store.cfg. */
  LOUPE_TRUST_CONFIG?: string | undefined;
}

/** Which trust-list files apply, found without reading them. */
export type TrustListFiles =
  | { from: 'settings'; anchorFiles: string[]; configFile: string | undefined }
  | { from: 'downloaded'; dir: string; files: string[]; complete: boolean }
  | { from: 'none' };

/**
 * Where the trust lists come from, first match wins:
 * - `LOUPE_TRUST_ANCHORS` and `LOUPE_TRUST_CONFIG`, when either is set;
 * - else the lists `trust update` saved in `<LOUPE_DATA_DIR>/trust/`, when there;
 * - else none.
 */
export function locateTrustLists(env: TrustEnv): TrustListFiles {
  const anchorFiles = (env.LOUPE_TRUST_ANCHORS ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean)
    .map((file) => path.resolve(file));
  const config = env.LOUPE_TRUST_CONFIG?.trim();
  const configFile = config ? path.resolve(config) : undefined;
  if (anchorFiles.length > 0 || configFile) return { from: 'settings', anchorFiles, configFile };

  if (!env.LOUPE_DATA_DIR) return { from: 'none' };
  const dir = trustListDir(env.LOUPE_DATA_DIR);
  const saved = Object.values(TRUST_LIST_FILES).map((name) => path.join(dir, name));
  const files = saved.filter((file) => existsSync(file));
  return files.length > 0
    ? { from: 'downloaded', dir, files, complete: files.length === saved.length }
    : { from: 'none' };
}

/** The trust lists in use, and where they came from (for the log). */
export interface LoadedTrust {
  trust: TrustSettings;
  source: string;
}

export const NO_TRUST_SOURCE = 'none (signers are reported as unchecked; nothing is ever "verified")';

/** Reads a file a setting names; a missing or unreadable file is a configuration error naming the setting. */
function readSettingFile(setting: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT'
        ? 'no such file'
        : error instanceof Error
          ? error.message
          : String(error);
    throw new ConfigError(
      `Loupe cannot start: invalid configuration\n  ${setting}: cannot read ${JSON.stringify(file)} (${reason})`,
    );
  }
}

/** PEM files concatenated, each checked to be certificates that parse (an HTML error page saved as a list is caught here). */
function readAnchors(setting: string, files: readonly string[]): string {
  const pems = files.map((file) => {
    const text = readSettingFile(setting, file);
    try {
      countPemCertificates(text);
    } catch (error) {
      throw new ConfigError(
        `Loupe cannot start: invalid configuration\n  ${setting}: ${JSON.stringify(file)} is not a list of PEM certificates (${(error as Error).message})`,
      );
    }
    return text.trim();
  });
  return `${pems.join('\n')}\n`;
}

/**
 * The one trust-list loader: the server at start and again after `npm start` downloaded the
 * lists, `trust update`, the tests and the benches all read trust lists here, from the files
 * `locateTrustLists` finds. A file that cannot be read, or is not PEM certificates, is a
 * `ConfigError` naming the setting: a trust misconfiguration must not pass silently.
 */
export function loadTrustLists(env: TrustEnv): LoadedTrust {
  const found = locateTrustLists(env);
  switch (found.from) {
    case 'settings': {
      const { anchorFiles, configFile } = found;
      const trust: TrustSettings = {};
      if (anchorFiles.length > 0) trust.anchorsPem = readAnchors('LOUPE_TRUST_ANCHORS', anchorFiles);
      if (configFile) trust.allowedEkuConfig = readSettingFile('LOUPE_TRUST_CONFIG', configFile);
      const source = [
        anchorFiles.length > 0 && `LOUPE_TRUST_ANCHORS (${anchorFiles.join(', ')})`,
        configFile && `LOUPE_TRUST_CONFIG (${configFile})`,
      ]
        .filter(Boolean)
        .join(' + ');
      return { trust, source };
    }
    case 'downloaded': {
      const anchorsPem = readAnchors(
        `the trust list in ${found.dir} (run "npm run server -- trust update" again)`,
        found.files,
      );
      return { trust: { anchorsPem }, source: `downloaded trust lists (${found.files.join(', ')})` };
    }
    case 'none':
      return { trust: {}, source: NO_TRUST_SOURCE };
  }
}
