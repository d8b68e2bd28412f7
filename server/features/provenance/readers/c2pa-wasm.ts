import type { TrustSettings } from '../trust';
import { C2paWorkerPool } from './c2pa-worker-pool';
import type { C2paJobResult } from './c2pa-worker-pool';

/**
 * The c2pa-rs WASM validator (via a worker thread, see c2pa-worker-pool.ts).
 * Remote manifests and OCSP are never fetched: analysis must not make network
 * requests on behalf of an image.
 *
 * Two lanes, each its own worker: full validation (hashes, signatures, trust:
 * seconds for a store of 30 manifests), and reading the store without
 * validating it (tens of ms, a few hundred for the largest stores), which the
 * provisional answer uses. Separate workers, so a reading never waits behind
 * a long validation.
 */
const validationPool = new C2paWorkerPool();
const readingPool = new C2paWorkerPool();

/** Stop the validator workers (tests, graceful shutdown). They restart on the next read. */
export const closeC2paValidator = async (): Promise<void> => {
  await Promise.all([validationPool.close(), readingPool.close()]);
};

/** Start the reading worker ahead of need (when a validation starts that may turn out slow). */
export const warmC2paReader = (): void => readingPool.warm();

/** c2pa-rs settings that read the manifest store and skip every check (hashes, signatures, trust). */
const READ_ONLY_CONTEXT = JSON.stringify({
  verify: {
    verify_after_reading: false,
    verify_trust: false,
    verify_timestamp_trust: false,
    remote_manifest_fetch: false,
    ocsp_fetch: false,
  },
});

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
    trust: hasAnchors
      ? {
          trust_anchors: trust?.anchorsPem,
          ...(trust?.allowedEkuConfig ? { trust_config: trust.allowedEkuConfig } : {}),
        }
      : {},
  };
  const json = JSON.stringify(settings);
  contextCache.set(key, json);
  return json;
};

/** The manifest store as c2pa-rs reports it (only the parts Loupe reads are typed). */
export interface C2paStatus {
  code: string;
  url?: string;
  explanation?: string;
}
export interface C2paIngredient {
  relationship?: string;
  active_manifest?: string;
  title?: string;
  instance_id?: string;
  label?: string;
}
export interface C2paAssertion {
  label: string;
  data?: unknown;
}
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

/** Validate the manifest store fully: hashes against the file, signatures, and the signer against `trust`. */
export const readC2paStore = async (
  bytes: Uint8Array,
  mimeType: string,
  trust: TrustSettings | undefined,
  timeoutMs: number,
): Promise<C2paReadOutcome> => {
  const result = await validationPool.run({
    bytes,
    mimeType,
    context: contextFor(trust),
    timeoutMs: Math.max(1, timeoutMs),
  });
  return outcomeOf(result, !!trust?.anchorsPem);
};

/**
 * Read the manifest store without validating anything. What it says is what the
 * manifests claim, unchecked: its `validation_*` fields mean nothing and are dropped.
 */
export const readC2paStoreUnvalidated = async (
  bytes: Uint8Array,
  mimeType: string,
  timeoutMs: number,
): Promise<C2paReadOutcome> => {
  const outcome = outcomeOf(
    await readingPool.run({ bytes, mimeType, context: READ_ONLY_CONTEXT, timeoutMs: Math.max(1, timeoutMs) }),
    false,
  );
  if (outcome.kind !== 'store') return outcome;
  const { validation_results: _results, validation_state: _state, ...claims } = outcome.store;
  return { kind: 'store', store: claims, trustChecked: false };
};

const outcomeOf = (result: C2paJobResult, trustChecked: boolean): C2paReadOutcome => {
  if (result.ok) return { kind: 'store', store: result.store as C2paStore, trustChecked };
  const reason = result.error.slice(0, 200);
  if (result.timedOut) return { kind: 'unreadable', reason: 'validation timed out', transient: true };
  if (result.busy) return { kind: 'unreadable', reason: 'validator busy', transient: true };
  // Shut down mid-job (tests, server stop): says nothing about the file.
  if (result.closed) return { kind: 'unreadable', reason: 'validator stopped', transient: true };
  if (result.crashed) return { kind: 'unreadable', reason: 'validator crashed on this file' };
  if (/JumbfNotFound|ProvenanceMissing/.test(reason)) return { kind: 'none' };
  const remote = /RemoteManifestUrl\("([^"]+)"\)/.exec(reason);
  if (remote?.[1]) return { kind: 'remote', url: remote[1] };
  if (/RemoteManifest|UnsupportedType/.test(reason)) return { kind: 'none' };
  return { kind: 'unreadable', reason };
};
