import { createHash } from 'node:crypto';
import { ProvenanceResultSchema } from '../../../utils/contract/provenance';
import type { ProvenanceResult } from '../../../utils/contract/provenance';
import { ImageTooLargeError, UnsupportedImageError } from './errors';
import { sniffImageFormat, type ImageFormat } from '../../platform/image-format';
import { LIMITS } from './limits';
import type { C2paReadOutcome } from './readers/c2pa-wasm';
import type { StagedC2paRead } from './readers/c2pa-staged';
import { readContainer } from './readers/containers';
import { PROVISIONAL_WARNING, readC2paEvidence } from './evidence/c2pa';
import { EvidenceCollector } from './evidence/collector';
import { readExifEvidence } from './evidence/exif';
import { readPixelEvidence } from './evidence/pixels';
import { readPngTextEvidence } from './evidence/png-text';
import { readXmpEvidence } from './evidence/xmp';
import type { ProvenanceCache } from './result-cache';
import type { TrustSettings } from './trust';
import { decide } from './verdict';

export interface AnalyzeOptions {
  /** C2PA trust anchors and allowed key usages; omit to report signers as unchecked. */
  trust?: TrustSettings;
  /** Reject inputs larger than this (default 32 MiB). */
  maxBytes?: number;
  /**
   * Time budget in ms (default 20 s). The C2PA validator runs in a worker and
   * is stopped when the budget runs out; pixel readers are skipped once it is
   * spent. Either way the result says so in a warning.
   */
  timeBudgetMs?: number;
  /**
   * Where answers are looked up and kept, by content hash (the app's, from its dependencies).
   * Omitted, the bytes are analysed afresh and nothing is kept.
   */
  cache?: ProvenanceCache;
  /**
   * How long to wait for full C2PA validation before answering provisionally
   * (default 1 s): past it, the first answer comes from the manifest store
   * read without validation (`status: 'provisional'`), and validation carries
   * on to `timeBudgetMs` for the final answer. Set it at or above
   * `timeBudgetMs` to always wait for the final answer.
   */
  provisionalAfterMs?: number;
  /** The bytes' SHA-256 (hex) when the caller has already computed it (a checked Content-Digest): not hashed again. */
  sha256?: string;
}

/** A first answer now, and the final one when it is ready (the same answer when the first is final). */
export interface StagedProvenance {
  first: ProvenanceResult;
  final: Promise<ProvenanceResult>;
}

const DEFAULT_TIME_BUDGET_MS = 20_000;
/** Under the "no file over 2 s", with room for the unvalidated read that follows (up to 1 s on a busy machine). */
export const DEFAULT_PROVISIONAL_AFTER_MS = 1_000;

export { PROVISIONAL_WARNING };

/**
 * Analyse image bytes and say honestly where the image seems to come from.
 * Throws only `UnsupportedImageError` / `ImageTooLargeError` (map them to
 * 415 / 413); every reader failure becomes a warning and, at worst, an
 * `unknown` verdict.
 *
 * The answer is the first one: provisional when full C2PA validation takes
 * longer than `provisionalAfterMs`. Validation then continues in the
 * background and its final answer replaces the cached one (see
 * `ProvenanceCache.get`); `analyzeProvenanceInStages` gives both.
 */
export const analyzeProvenance = async (bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<ProvenanceResult> => {
  const { first, final } = await analyzeProvenanceInStages(bytes, options);
  final.catch(() => undefined); // nobody waits for it here; the cache does
  return first;
};

/** The final answer only: waits for full validation however long it takes (up to `timeBudgetMs`). For background work such as pin enrichment. */
export const analyzeProvenanceFinal = async (
  bytes: Uint8Array,
  options: AnalyzeOptions = {},
): Promise<ProvenanceResult> => (await analyzeProvenanceInStages(bytes, options)).final;

/** The first answer (maybe provisional) and a promise of the final one. */
export const analyzeProvenanceInStages = async (
  bytes: Uint8Array,
  options: AnalyzeOptions = {},
): Promise<StagedProvenance> => {
  if (!(bytes instanceof Uint8Array)) throw new UnsupportedImageError('expected image bytes');
  const maxBytes = options.maxBytes ?? LIMITS.maxInputBytes;
  if (bytes.length > maxBytes) throw new ImageTooLargeError(bytes.length, maxBytes);
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnsupportedImageError();

  const sha256 = options.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const { cache } = options;
  const cacheKey = cache?.keyOf(sha256, options.trust) ?? '';
  if (cache) {
    const cached = cache.answers.get(cacheKey);
    // Copies: a caller that decorates its result must not change what the next caller gets.
    if (cached?.status === 'final')
      return { first: structuredClone(cached), final: Promise.resolve(structuredClone(cached)) };
    const pending = cache.pendingFinals.get(cacheKey);
    // A provisional answer with its validation still running: the same answer, no second validation.
    if (cached && pending)
      return { first: structuredClone(cached), final: pending.then((result) => structuredClone(result)) };
  }

  const { result, cacheable, validation } = await analyzeUncached(bytes, format, sha256, options);
  if (!validation) {
    // A result cut short (time budget, busy validator) is not the file's answer: do not remember it.
    if (cache && cacheable) cache.answers.set(cacheKey, structuredClone(result));
    return { first: result, final: Promise.resolve(structuredClone(result)) };
  }

  const final = validation
    .then((outcome) => analyzeUncached(bytes, format, sha256, options, { validated: true, outcome }))
    .then(({ result: finalResult, cacheable: finalCacheable }) => {
      if (cache && finalCacheable) cache.answers.set(cacheKey, structuredClone(finalResult));
      else cache?.answers.delete(cacheKey); // cut short: the next request starts afresh
      return finalResult;
    })
    .catch((error: unknown) => {
      cache?.answers.delete(cacheKey);
      throw error;
    })
    .finally(() => {
      if (cache?.pendingFinals.get(cacheKey) === final) cache.pendingFinals.delete(cacheKey);
    });
  final.catch(() => undefined); // a failure reaches whoever awaits `final`; it must not also be unhandled here
  if (cache) {
    cache.answers.set(cacheKey, structuredClone(result));
    cache.pendingFinals.set(cacheKey, final);
  }
  return { first: result, final: final.then((finalResult) => structuredClone(finalResult)) };
};

interface Analysis {
  result: ProvenanceResult;
  /** False when the answer was cut short (time budget, busy validator): not the file's answer. */
  cacheable: boolean;
  /** Set when `result` is provisional: the full C2PA validation, still running. */
  validation?: Promise<C2paReadOutcome>;
}

/**
 * One pass over the file: each evidence step in turn (evidence/), then the verdict. `c2paRead`,
 * when given, is the C2PA reading to use (the final pass after a provisional one passes the
 * finished validation); otherwise it is read in stages.
 */
const analyzeUncached = async (
  bytes: Uint8Array,
  format: ImageFormat,
  sha256: string,
  options: AnalyzeOptions,
  c2paRead?: StagedC2paRead,
): Promise<Analysis> => {
  const found = new EvidenceCollector(performance.now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS));
  const container = (await found.guarded('file structure', () => readContainer(bytes, format))) ?? null;
  if (container?.truncated) found.warn('The file looks truncated or malformed; only what could be read was analysed');

  const { validation } = container?.mayHaveC2pa
    ? await readC2paEvidence(found, bytes, format, {
        trust: options.trust,
        provisionalAfterMs: options.provisionalAfterMs ?? DEFAULT_PROVISIONAL_AFTER_MS,
        c2paRead,
      })
    : {};
  await readXmpEvidence(found, container?.xmpPackets ?? []);
  await readExifEvidence(found, bytes, format, container?.exifTiff ?? null);
  readPngTextEvidence(found, container?.pngTexts ?? []);
  // Pixel marks only where Content Credentials do not already decide. A provisional answer skips
  // them too when the unvalidated store makes a claim: it should be quick, and the final pass runs
  // them if validation fails.
  const { c2pa, c2paUnvalidated } = found.signals;
  const c2paDecides =
    (!!c2pa && c2pa.finding.integrity === 'valid' && c2pa.finding.claim !== 'none') ||
    (!!c2paUnvalidated && c2paUnvalidated.claims.claim !== 'none');
  if (container?.lossless && !c2paDecides) await readPixelEvidence(found, bytes, format, container);

  const { signals, cacheable } = found;
  const decision = decide(signals);
  const foundEvidence = [
    ...(signals.c2pa ? [signals.c2pa.evidence] : []),
    ...(signals.c2paUnvalidated ? [signals.c2paUnvalidated.evidence] : []),
    ...signals.declarations.map((declaration) => declaration.evidence),
    ...signals.hints,
  ];
  // Bounded, so a file with thousands of text chunks cannot make a huge response (or a huge cache entry).
  const allEvidence = foundEvidence.slice(0, LIMITS.maxEvidenceItems);
  if (foundEvidence.length > allEvidence.length)
    decision.warnings.push(`${foundEvidence.length - allEvidence.length} more evidence items were left out`);
  const result = ProvenanceResultSchema.parse({
    verdict: decision.verdict,
    strength: decision.strength,
    summary: decision.summary,
    evidence: allEvidence,
    warnings: [...new Set(decision.warnings)].slice(0, LIMITS.maxWarnings),
    sha256,
    status: validation ? 'provisional' : 'final',
  });
  return validation ? { result, cacheable, validation } : { result, cacheable };
};
