import type { HostResolver } from '../../../platform/safe-fetch';
import { DEFAULT_PROVISIONAL_AFTER_MS } from '../analyze';
import { loadTrustLists, NO_TRUST_SOURCE, type TrustEnv, type TrustSettings } from '../trust';

/** What `POST /v1/provenance` needs from the running server; tests build their own. */
export interface ProvenanceSettings {
  /** C2PA trust anchors and allowed key usages, read at start (and again once `npm start` has downloaded them). */
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
  trustSource: NO_TRUST_SOURCE,
  allowPrivate: false,
  maxBytes: 20 * 1024 * 1024,
  fetchTimeoutMs: 10_000,
  timeBudgetMs: 20_000,
  provisionalAfterMs: DEFAULT_PROVISIONAL_AFTER_MS,
} satisfies ProvenanceSettings;

export const provenanceSettings = (overrides: Partial<ProvenanceSettings> = {}): ProvenanceSettings => ({
  ...PROVENANCE_DEFAULTS,
  ...overrides,
});

export interface ProvenanceEnv extends TrustEnv {
  LOUPE_FETCH_ALLOW_PRIVATE?: boolean | undefined;
  LOUPE_PROVENANCE_PROVISIONAL_MS?: number | undefined;
}

/**
 * Provenance settings from the environment, read once at start: the trust lists (`loadTrustLists`:
 * a file a setting names that cannot be read stops the server with a message naming the
 * setting), `LOUPE_FETCH_ALLOW_PRIVATE` and `LOUPE_PROVENANCE_PROVISIONAL_MS`.
 */
export function provenanceSettingsFromEnv(env: ProvenanceEnv): ProvenanceSettings {
  const { trust, source } = loadTrustLists(env);
  return provenanceSettings({
    trust,
    trustSource: source,
    allowPrivate: env.LOUPE_FETCH_ALLOW_PRIVATE === true,
    provisionalAfterMs: env.LOUPE_PROVENANCE_PROVISIONAL_MS ?? DEFAULT_PROVISIONAL_AFTER_MS,
  });
}
