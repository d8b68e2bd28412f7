import type { ProvenanceEvidence } from '../../../../utils/contract/provenance';
import { FORMAT_MIME, type ImageFormat } from '../../../platform/image-format';
import { claimsOfUnvalidatedStore, interpretC2paStore } from '../readers/c2pa-claims';
import { readC2paStaged, type StagedC2paRead } from '../readers/c2pa-staged';
import type { C2paReadOutcome } from '../readers/c2pa-wasm';
import type { TrustSettings } from '../trust';
import { type EvidenceCollector, evidence } from './collector';

export const PROVISIONAL_WARNING =
  'Provisional: Content Credentials are still being validated; ask again for the final answer';

export interface C2paStepOptions {
  trust?: TrustSettings | undefined;
  provisionalAfterMs: number;
  /** The reading to use (the final pass after a provisional one passes the finished validation); otherwise read in stages. */
  c2paRead?: StagedC2paRead | undefined;
}

/**
 * Step 1: C2PA Content Credentials. Validated, they can decide the verdict; read before validation
 * finishes, they give a provisional answer, and the validation still running is returned (in an
 * object: a promise returned bare from an async function would be waited for).
 */
export async function readC2paEvidence(
  found: EvidenceCollector,
  bytes: Uint8Array,
  format: ImageFormat,
  { trust, provisionalAfterMs, c2paRead }: C2paStepOptions,
): Promise<{ validation?: Promise<C2paReadOutcome> }> {
  const staged =
    c2paRead ??
    (await found.guarded('Content Credentials', () =>
      readC2paStaged(bytes, FORMAT_MIME[format], { trust, validationTimeoutMs: found.timeLeft(), provisionalAfterMs }),
    ));
  const outcome = staged?.outcome;
  if (staged && !staged.validated) {
    found.warn(PROVISIONAL_WARNING);
    const claims = outcome?.kind === 'store' ? claimsOfUnvalidatedStore(outcome.store) : null;
    if (claims) {
      const claimText =
        claims.claim === 'none'
          ? 'no AI/capture claim'
          : `${claims.claimDetail}${claims.inferred ? ' (inferred, legacy manifest)' : ''} in ${claims.claimLocation ?? 'active manifest'}`;
      // No signer, integrity or trust: none of it has been checked yet.
      const item: ProvenanceEvidence = {
        source: 'c2pa',
        field: 'c2pa.manifest',
        value: `${claimText}; ${claims.manifestCount} manifest(s); not validated yet`,
      };
      if (claims.tool) item.tool = claims.tool;
      found.signals.c2paUnvalidated = { claims, evidence: evidence(item) };
    } else if (outcome?.kind === 'store' || outcome?.kind === 'unreadable') {
      found.hint({ source: 'c2pa', field: 'c2pa.store', value: 'C2PA store present, still being validated' });
    } else if (outcome?.kind === 'remote') {
      found.remoteManifest = outcome.url;
    }
    return { validation: staged.validation };
  }
  if (outcome?.kind === 'store') {
    const finding = interpretC2paStore(outcome.store, outcome.trustChecked);
    if (finding) {
      const claimText =
        finding.claim === 'none'
          ? 'no AI/capture claim'
          : `${finding.claimDetail}${finding.inferred ? ' (inferred, legacy manifest)' : ''} in ${finding.claimLocation ?? 'active manifest'}`;
      const item: ProvenanceEvidence = {
        source: 'c2pa',
        field: 'c2pa.manifest',
        value: `${claimText}; claim generator ${finding.claimGenerator || 'unknown'}; ${finding.manifestCount} manifest(s)`,
        signer: finding.signer,
        integrity: finding.integrity,
        trust: finding.trust,
      };
      if (finding.tool) item.tool = finding.tool;
      if (finding.failureCodes.length > 0) item.failureCodes = finding.failureCodes;
      found.signals.c2pa = { finding, evidence: evidence(item) };
    }
  } else if (outcome?.kind === 'remote') {
    found.remoteManifest = outcome.url;
  } else if (outcome?.kind === 'unreadable') {
    if (outcome.transient) {
      found.cacheable = false;
      found.warn(`Content Credentials could not be checked (${outcome.reason}); try again later`);
    }
    found.hint({ source: 'c2pa', field: 'c2pa.store', value: `C2PA store present but unreadable (${outcome.reason})` });
  }
  return {};
}
