import type { TrustSettings } from '../trust';
import { C2paWorkerPool } from './c2pa-worker-pool';

/**
 * The c2pa-rs WASM validator (via a worker thread, see c2pa-worker-pool.ts).
 * Remote manifests and OCSP are never fetched: analysis must not make network
 * requests on behalf of an image.
 */
const pool = new C2paWorkerPool();

/** Stop the validator worker (tests, graceful shutdown). It restarts on the next read. */
export const closeC2paValidator = (): Promise<void> => pool.close();

const contextCache = new WeakMap<TrustSettings, string>();
const NO_TRUST = {};

/** c2pa-rs settings JSON for these trust settings (memoised per settings object: the PEM list is large). */
const contextFor = (trust: TrustSettings | undefined): string => {
  const key = trust ?? NO_TRUST;
  const cached = contextCache.get(key);
  if (cached) return cached;
  const hasAnchors = !!trust?.anchorsPem;
  const settings = {
    verify: {
      verify_trust: hasAnchors,
      verify_timestamp_trust: hasAnchors,
      remote_manifest_fetch: false,
      ocsp_fetch: false,
    },
    trust: hasAnchors ? { trust_anchors: trust?.anchorsPem, ...(trust?.allowedEkuConfig ? { trust_config: trust.allowedEkuConfig } : {}) } : {},
  };
  const json = JSON.stringify(settings);
  contextCache.set(key, json);
  return json;
};

/** The manifest store as c2pa-rs reports it (only the parts Loupe reads are typed). */
export interface C2paStatus { code: string; url?: string; explanation?: string }
export interface C2paIngredient { relationship?: string; active_manifest?: string; title?: string; instance_id?: string; label?: string }
export interface C2paAssertion { label: string; data?: unknown }
export interface C2paManifest {
  label?: string;
  claim_generator?: string;
  claim_generator_info?: { name?: string; version?: string }[];
  signature_info?: { issuer?: string; common_name?: string; time?: string };
  assertions?: C2paAssertion[];
  ingredients?: C2paIngredient[];
}
export interface C2paStore {
  active_manifest?: string;
  manifests?: Record<string, C2paManifest>;
  validation_state?: string;
  validation_results?: {
    activeManifest?: { success?: C2paStatus[]; informational?: C2paStatus[]; failure?: C2paStatus[] };
    ingredientDeltas?: { ingredientAssertionURI?: string; validationDeltas?: { failure?: C2paStatus[] } }[];
  };
}

export type C2paReadOutcome =
  | { kind: 'store'; store: C2paStore; trustChecked: boolean }
  | { kind: 'none' }
  | { kind: 'remote'; url: string }
  | { kind: 'unreadable'; reason: string; transient?: boolean };

export const readC2paStore = async (bytes: Uint8Array, mimeType: string, trust: TrustSettings | undefined, timeoutMs: number): Promise<C2paReadOutcome> => {
  const result = await pool.run({ bytes, mimeType, context: contextFor(trust), timeoutMs: Math.max(1, timeoutMs) });
  if (result.ok) return { kind: 'store', store: result.store as C2paStore, trustChecked: !!trust?.anchorsPem };
  const reason = result.error.slice(0, 200);
  if (result.timedOut) return { kind: 'unreadable', reason: 'validation timed out', transient: true };
  if (result.busy) return { kind: 'unreadable', reason: 'validator busy', transient: true };
  if (result.crashed) return { kind: 'unreadable', reason: 'validator crashed on this file' };
  if (/JumbfNotFound|ProvenanceMissing/.test(reason)) return { kind: 'none' };
  const remote = /RemoteManifestUrl\("([^"]+)"\)/.exec(reason);
  if (remote?.[1]) return { kind: 'remote', url: remote[1] };
  if (/RemoteManifest|UnsupportedType/.test(reason)) return { kind: 'none' };
  return { kind: 'unreadable', reason };
};
