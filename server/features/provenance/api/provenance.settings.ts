import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../../../env';
import { DEFAULT_PROVISIONAL_AFTER_MS, type TrustSettings } from '..';
import type { HostResolver } from '../../../platform/safe-fetch';
import { countPemCertificates, TRUST_LIST_FILES, trustListDir } from './trust-lists';

/** What `POST /v1/provenance` needs from the running server; tests build their own. */
export interface ProvenanceSettings {
  /** C2PA trust anchors and allowed key usages, read once at start. */
  trust: TrustSettings;
  /** Where `trust` came from, for the start-up log. */
  trustSource: string;
  /**
   * Whether `{url}` may reach private and loopback addresses: `LOUPE_FETCH_ALLOW_PRIVATE`
   * (development and tests only). `'first-hop'` lets tests reach a loopback server whose
   * redirects are still checked.
   */
  allowPrivate: boolean | 'first-hop';
  /** Largest image accepted, uploaded or fetched. */
  maxBytes: number;
  /** Time limit for fetching a `{url}`, redirects included. */
  fetchTimeoutMs: number;
  /** Time budget for one analysis (the C2PA validator is stopped when it runs out). */
  timeBudgetMs: number;
  /**
   * How long a request waits for full C2PA validation before it gets a provisional answer
   * (validation continues; the final answer replaces it in the cache). `LOUPE_PROVENANCE_PROVISIONAL_MS`.
   */
  provisionalAfterMs: number;
  /** DNS for `{url}` fetches; the system resolver when unset (tests inject one). */
  resolve?: HostResolver;
}

export const PROVENANCE_DEFAULTS = {
  trust: {},
  trustSource: 'none (signers are reported as unchecked; nothing is ever "verified")',
  allowPrivate: false,
  maxBytes: 20 * 1024 * 1024,
  fetchTimeoutMs: 10_000,
  timeBudgetMs: 20_000,
  provisionalAfterMs: DEFAULT_PROVISIONAL_AFTER_MS,
} satisfies ProvenanceSettings;

export const provenanceSettings = (overrides: Partial<ProvenanceSettings> = {}): ProvenanceSettings => ({ ...PROVENANCE_DEFAULTS, ...overrides });

export interface ProvenanceEnv {
  LOUPE_DATA_DIR: string;
  LOUPE_TRUST_ANCHORS?: string | undefined;
  LOUPE_TRUST_CONFIG?: string | undefined;
  LOUPE_FETCH_ALLOW_PRIVATE?: boolean | undefined;
  LOUPE_PROVENANCE_PROVISIONAL_MS?: number | undefined;
}

/** Reads a file a setting names; a missing or unreadable file is a configuration error naming the setting. */
function readSettingFile(setting: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : error instanceof Error ? error.message : String(error);
    throw new ConfigError(`Loupe cannot start: invalid configuration\n  ${setting}: cannot read ${JSON.stringify(file)} (${reason})`);
  }
}

function anchorsFrom(setting: string, files: string[]): string {
  const pems = files.map((file) => {
    const text = readSettingFile(setting, file);
    try {
      countPemCertificates(text);
    } catch (error) {
      throw new ConfigError(`Loupe cannot start: invalid configuration\n  ${setting}: ${JSON.stringify(file)} is not a list of PEM certificates (${(error as Error).message})`);
    }
    return text.trim();
  });
  return `${pems.join('\n')}\n`;
}

/**
 * Provenance settings from the environment, read once at start:
 * - `LOUPE_TRUST_ANCHORS` (comma-separated PEM files) and `LOUPE_TRUST_CONFIG` (c2pa-rs store.cfg);
 * - else the lists `trust update` saved in `<LOUPE_DATA_DIR>/trust/`, when there;
 * - else no trust list.
 * A file a setting names that cannot be read stops the server with a message naming the setting.
 */
export function provenanceSettingsFromEnv(env: ProvenanceEnv): ProvenanceSettings {
  const allowPrivate = env.LOUPE_FETCH_ALLOW_PRIVATE === true;
  const provisionalAfterMs = env.LOUPE_PROVENANCE_PROVISIONAL_MS ?? DEFAULT_PROVISIONAL_AFTER_MS;
  const anchorFiles = (env.LOUPE_TRUST_ANCHORS ?? '')
    .split(',')
    .map((file) => file.trim())
    .filter(Boolean)
    .map((file) => path.resolve(file));
  const configFile = env.LOUPE_TRUST_CONFIG?.trim() ? path.resolve(env.LOUPE_TRUST_CONFIG.trim()) : undefined;

  if (anchorFiles.length > 0 || configFile) {
    const trust: TrustSettings = {};
    if (anchorFiles.length > 0) trust.anchorsPem = anchorsFrom('LOUPE_TRUST_ANCHORS', anchorFiles);
    if (configFile) trust.allowedEkuConfig = readSettingFile('LOUPE_TRUST_CONFIG', configFile);
    const source = [anchorFiles.length > 0 && `LOUPE_TRUST_ANCHORS (${anchorFiles.join(', ')})`, configFile && `LOUPE_TRUST_CONFIG (${configFile})`].filter(Boolean).join(' + ');
    return provenanceSettings({ trust, trustSource: source, allowPrivate, provisionalAfterMs });
  }

  const dir = trustListDir(env.LOUPE_DATA_DIR);
  const downloaded = Object.values(TRUST_LIST_FILES)
    .map((name) => path.join(dir, name))
    .filter((file) => existsSync(file));
  if (downloaded.length > 0) {
    const trust: TrustSettings = { anchorsPem: anchorsFrom(`the trust list in ${dir} (run "npm run server -- trust update" again)`, downloaded) };
    return provenanceSettings({ trust, trustSource: `downloaded trust lists (${downloaded.join(', ')})`, allowPrivate, provisionalAfterMs });
  }
  return provenanceSettings({ allowPrivate, provisionalAfterMs });
}
