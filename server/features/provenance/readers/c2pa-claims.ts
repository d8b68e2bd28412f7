import { LIMITS } from '../limits';
import { sourceTypeCode, sourceTypeMeaning } from './digital-source-type';
import { knownGeneratorName } from './generator-metadata';
import type { C2paIngredient, C2paManifest, C2paStatus, C2paStore } from './c2pa-wasm';

/**
 * Interprets a C2PA manifest store: is it intact, is the signer trusted, and
 * what does the claim say about the image's origin? Ingredient manifests are
 * walked (bounded): an AI origin in a parent counts for the child.
 */
export type C2paClaim = 'ai-generated' | 'ai-edited' | 'capture' | 'none';

export interface C2paFinding {
  signer: string;
  claimGenerator: string;
  integrity: 'valid' | 'invalid';
  trust: 'trusted' | 'untrusted' | 'unchecked';
  /** Every failure code, including trust-only ones (ingredient ones prefixed by nothing; deduplicated). */
  failureCodes: string[];
  /** Failure codes that break integrity (hash or signature mismatch, missing parts). */
  integrityFailures: string[];
  claim: C2paClaim;
  /** Human-readable description of the action or assertion that carries the claim. */
  claimDetail: string;
  tool?: string;
  /** Where the claim was found: the active manifest or an ingredient (parent) manifest. */
  claimLocation?: 'active manifest' | 'ingredient manifest';
  /** The claim was inferred (legacy manifest without digitalSourceType). */
  inferred: boolean;
  manifestCount: number;
}

/**
 * Failure codes that say something about the signer's credentials, not about
 * whether the signed data matches the file. They lower trust; they do not
 * break integrity.
 */
const TRUST_ONLY_FAILURES = new Set([
  'signingCredential.untrusted',
  'signingCredential.expired',
  'signingCredential.invalid',
  'signingCredential.ocsp.skipped',
  'signingCredential.ocsp.inaccessible',
  'signingCredential.ocsp.unknown',
  'timeStamp.untrusted',
  'timeStamp.outsideValidity',
]);

interface ActionLike {
  action?: unknown;
  digitalSourceType?: unknown;
  softwareAgent?: unknown;
  description?: unknown;
  parameters?: unknown;
}

const agentName = (agent: unknown): string | undefined => {
  if (typeof agent === 'string') return agent;
  if (agent && typeof agent === 'object' && 'name' in agent && typeof agent.name === 'string') return agent.name;
  return undefined;
};

const actionsOf = (manifest: C2paManifest): ActionLike[] => {
  const out: ActionLike[] = [];
  for (const assertion of manifest.assertions ?? []) {
    if (!/^c2pa\.actions(\.v\d+)?$/.test(assertion.label)) continue;
    const data = assertion.data as { actions?: unknown } | undefined;
    if (Array.isArray(data?.actions))
      for (const action of data.actions.slice(0, 1000))
        if (action && typeof action === 'object') out.push(action as ActionLike);
  }
  return out;
};

const claimGeneratorOf = (manifest: C2paManifest): string =>
  manifest.claim_generator ??
  (manifest.claim_generator_info ?? []).map((info) => [info.name, info.version].filter(Boolean).join(' ')).join(', ');

/** A legacy camera claim: a signed stds.exif / EXIF assertion naming the camera. */
const cameraExifOf = (manifest: C2paManifest): string | undefined => {
  for (const assertion of manifest.assertions ?? []) {
    if (assertion.label !== 'stds.exif' && assertion.label !== 'c2pa.exif') continue;
    const data = assertion.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') continue;
    const pick = (name: string) =>
      Object.entries(data).find(([key]) => key.toLowerCase().endsWith(`:${name}`) || key.toLowerCase() === name)?.[1];
    const make = pick('make');
    const model = pick('model');
    if (typeof make === 'string' || typeof model === 'string')
      return [make, model].filter((v) => typeof v === 'string').join(' ');
  }
  return undefined;
};

/**
 * Is this ingredient the image's parent (what it was made from)? Either the
 * relationship says so, or the manifest's c2pa.opened action points at it:
 * some writers (e.g. Photoshop with a Firefly image) label the opened file
 * componentOf.
 */
const isParentIngredient = (manifest: C2paManifest, ingredient: C2paIngredient): boolean => {
  if (ingredient.relationship === 'parentOf') return true;
  const opened = actionsOf(manifest).filter((action) => action.action === 'c2pa.opened');
  if (opened.length === 0) return false;
  if ((manifest.ingredients ?? []).length === 1) return true;
  return opened.some((action) => {
    const parameters = (action.parameters ?? {}) as Record<string, unknown>;
    if (ingredient.instance_id && parameters.instanceId === ingredient.instance_id) return true;
    const refs = [parameters.ingredient, ...(Array.isArray(parameters.ingredients) ? parameters.ingredients : [])];
    return refs.some(
      (ref) =>
        !!ref &&
        typeof ref === 'object' &&
        'url' in ref &&
        typeof ref.url === 'string' &&
        !!ingredient.label &&
        ref.url.endsWith(ingredient.label),
    );
  });
};

interface ManifestClaim {
  claim: C2paClaim;
  detail: string;
  tool?: string;
  inferred: boolean;
}

const rank: Record<C2paClaim, number> = { 'ai-generated': 3, 'ai-edited': 2, capture: 1, none: 0 };

/** The claim a single manifest makes by its own actions and assertions. */
const claimOfManifest = (manifest: C2paManifest): ManifestClaim => {
  let best: ManifestClaim = { claim: 'none', detail: '', inferred: false };
  const consider = (candidate: ManifestClaim) => {
    if (rank[candidate.claim] > rank[best.claim]) best = candidate;
  };
  for (const action of actionsOf(manifest)) {
    const name = typeof action.action === 'string' ? action.action : '';
    const tool = agentName(action.softwareAgent);
    const dst = typeof action.digitalSourceType === 'string' ? action.digitalSourceType : undefined;
    if (dst) {
      const meaning = sourceTypeMeaning(dst);
      const detail = `${name} digitalSourceType=${sourceTypeCode(dst)}`;
      if (meaning === 'ai-generated')
        consider({ claim: name === 'c2pa.created' ? 'ai-generated' : 'ai-edited', detail, tool, inferred: false });
      else if (meaning === 'ai-edited') consider({ claim: 'ai-edited', detail, tool, inferred: false });
      else if (meaning === 'capture' && name === 'c2pa.created')
        consider({ claim: 'capture', detail, tool, inferred: false });
    } else if (name === 'c2pa.created') {
      // Legacy manifests (before digitalSourceType was required) name the generator instead.
      const description = typeof action.description === 'string' ? action.description : '';
      const generator =
        knownGeneratorName(tool) ?? (/\bAI[- ]generated\b/i.test(description) ? (tool ?? 'AI generator') : null);
      if (generator)
        consider({
          claim: 'ai-generated',
          detail: `${name} (no digitalSourceType)`,
          tool: tool ?? generator,
          inferred: true,
        });
    }
  }
  if (best.claim === 'none') {
    const camera = cameraExifOf(manifest);
    if (camera)
      best = {
        claim: 'capture',
        detail: `stds.exif camera ${camera}`,
        tool: claimGeneratorOf(manifest) || undefined,
        inferred: true,
      };
  }
  return best;
};

export const interpretC2paStore = (store: C2paStore, trustChecked: boolean): C2paFinding | null => {
  const manifests = store.manifests ?? {};
  const activeLabel = store.active_manifest;
  const active = activeLabel ? manifests[activeLabel] : undefined;
  if (!active) return null;

  const results = store.validation_results;
  const activeFailures = (results?.activeManifest?.failure ?? []).map((status: C2paStatus) => status.code);
  const ingredientFailures = (results?.ingredientDeltas ?? []).flatMap((delta) =>
    (delta.validationDeltas?.failure ?? []).map((status) => status.code),
  );
  const failureCodes = [...new Set([...activeFailures, ...ingredientFailures])];
  const integrityFailures = failureCodes.filter((code) => !TRUST_ONLY_FAILURES.has(code));
  const successCodes = new Set((results?.activeManifest?.success ?? []).map((status) => status.code));
  const trusted =
    trustChecked &&
    (successCodes.has('signingCredential.trusted') || store.validation_state === 'Trusted') &&
    !activeFailures.includes('signingCredential.untrusted');

  // Walk the active manifest and its ingredient manifests, parents first in importance.
  let claim: ManifestClaim & { location?: C2paFinding['claimLocation'] } = claimOfManifest(active);
  if (claim.claim !== 'none') claim = { ...claim, location: 'active manifest' };
  const visited = new Set<string>([activeLabel ?? '']);
  const queue: { manifest: C2paManifest; depth: number }[] = [{ manifest: active, depth: 0 }];
  let walked = 0;
  while (queue.length > 0 && walked < LIMITS.maxManifests) {
    const { manifest, depth } = queue.shift() as { manifest: C2paManifest; depth: number };
    walked++;
    if (depth >= LIMITS.maxIngredientDepth) continue;
    for (const ingredient of manifest.ingredients ?? []) {
      const label = ingredient.active_manifest;
      if (!label || visited.has(label)) continue;
      visited.add(label);
      const child = manifests[label];
      if (!child) continue;
      if (ingredient.relationship === 'inputTo') continue; // inputs (prompts, references) do not make up the image
      const childClaim = claimOfManifest(child);
      // An AI-made parent means an AI origin; an AI-made component means an AI edit; a camera parent says nothing about later edits.
      let effective: C2paClaim = childClaim.claim;
      if (!isParentIngredient(manifest, ingredient) && effective === 'ai-generated') effective = 'ai-edited';
      if (effective === 'capture') effective = 'none';
      if (rank[effective] > rank[claim.claim])
        claim = { ...childClaim, claim: effective, location: 'ingredient manifest' };
      queue.push({ manifest: child, depth: depth + 1 });
    }
  }

  const signature = active.signature_info;
  const signer =
    [
      signature?.issuer,
      signature?.common_name && signature.common_name !== signature.issuer
        ? `(CN ${signature.common_name})`
        : undefined,
    ]
      .filter(Boolean)
      .join(' ') || 'unknown signer';
  const finding: C2paFinding = {
    signer,
    claimGenerator: claimGeneratorOf(active),
    integrity: integrityFailures.length > 0 ? 'invalid' : 'valid',
    trust: !trustChecked ? 'unchecked' : trusted ? 'trusted' : 'untrusted',
    failureCodes,
    integrityFailures,
    claim: claim.claim,
    claimDetail: claim.detail,
    inferred: claim.inferred,
    manifestCount: Object.keys(manifests).length,
  };
  if (claim.tool) finding.tool = claim.tool;
  if (claim.location) finding.claimLocation = claim.location;
  return finding;
};

/** What a manifest store claims, without any judgement of whether it holds: no integrity, no trust. */
export type C2paClaims = Pick<
  C2paFinding,
  'claim' | 'claimDetail' | 'tool' | 'claimLocation' | 'inferred' | 'manifestCount' | 'claimGenerator'
>;

/**
 * The claims of a store read without validation (see readC2paStoreUnvalidated). The same walk
 * as a validated store, but only the claims come out: nothing here has been checked against
 * the file or the signer, so there is no integrity, trust or signer to report.
 */
export const claimsOfUnvalidatedStore = (store: C2paStore): C2paClaims | null => {
  const { validation_results: _results, validation_state: _state, ...claimsOnly } = store;
  const finding = interpretC2paStore(claimsOnly, false);
  if (!finding) return null;
  const { claim, claimDetail, tool, claimLocation, inferred, manifestCount, claimGenerator } = finding;
  return {
    claim,
    claimDetail,
    inferred,
    manifestCount,
    claimGenerator,
    ...(tool ? { tool } : {}),
    ...(claimLocation ? { claimLocation } : {}),
  };
};
