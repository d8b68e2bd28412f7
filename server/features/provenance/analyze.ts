import { createHash } from 'node:crypto';
import { ProvenanceResultSchema } from '../../../utils/contract/provenance';
import type { ProvenanceEvidence, ProvenanceResult } from '../../../utils/contract/provenance';
import { LruCache } from '../../platform/lru-cache';
import { ImageTooLargeError, UnsupportedImageError } from './errors';
import { FORMAT_MIME, sniffImageFormat } from '../../platform/image-format';
import type { ImageFormat } from '../../platform/image-format';
import { LIMITS } from './limits';
import { claimsOfUnvalidatedStore, interpretC2paStore } from './readers/c2pa-claims';
import type { C2paReadOutcome } from './readers/c2pa-wasm';
import { readC2paStaged } from './readers/c2pa-staged';
import type { StagedC2paRead } from './readers/c2pa-staged';
import { readContainer } from './readers/containers';
import { sourceTypeCode, sourceTypeMeaning } from './readers/digital-source-type';
import { classifyGeneratorText, classifyUserComment, knownGeneratorName } from './readers/generator-metadata';
import { readIsobmffExif } from './readers/isobmff-exif';
import { decodePixels } from './readers/pixels';
import { detectSdWatermark } from './readers/sd-watermark';
import { readStealthPngInfo } from './readers/stealth-pnginfo';
import { readTiffExif } from './readers/tiff-exif';
import type { ExifFields } from './readers/tiff-exif';
import { parseXmp } from './readers/xmp';
import type { TrustSettings } from './trust';
import { decide } from './verdict';
import type { Declaration, Signals } from './verdict';

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
  /** Use the shared content-hash cache (default true). */
  cache?: boolean;
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
const resultCache = new LruCache<string, ProvenanceResult>(512);
/** Final answers still being worked out, by cache key; their provisional answer is in `resultCache`. */
const pendingFinals = new Map<string, Promise<ProvenanceResult>>();

export const PROVISIONAL_WARNING = 'Provisional: Content Credentials are still being validated; ask again for the final answer';

/** A digest of the trust settings, so cached results never cross trust configurations (memoised per object). */
const trustKeys = new WeakMap<TrustSettings, string>();
const trustKey = (trust: TrustSettings | undefined): string => {
  if (!trust) return 'none';
  let key = trustKeys.get(trust);
  if (key === undefined) {
    key = createHash('sha256').update(trust.anchorsPem ?? '').update('\0').update(trust.allowedEkuConfig ?? '').digest('hex').slice(0, 16);
    trustKeys.set(trust, key);
  }
  return key;
};

const cacheKeyOf = (sha256: string, trust: TrustSettings | undefined) => `${sha256}:${trustKey(trust)}`;

/** Forget all cached results (tests, or after trust settings change). Validations under way still store their final answers. */
export const clearProvenanceCache = (): void => resultCache.clear();

/**
 * The cached answer for these bytes (by SHA-256) under these trust settings:
 * provisional while validation is under way, then final. Undefined when the
 * image was not analysed, its answer was evicted, or it was cut short.
 */
export const cachedProvenance = (sha256: string, trust?: TrustSettings): ProvenanceResult | undefined => {
  const cached = resultCache.get(cacheKeyOf(sha256, trust));
  return cached ? structuredClone(cached) : undefined;
};

const shorten = (value: string): string => {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > LIMITS.maxEvidenceValueChars ? `${flat.slice(0, LIMITS.maxEvidenceValueChars - 1)}…` : flat;
};

const evidence = (item: ProvenanceEvidence): ProvenanceEvidence => ({ ...item, value: shorten(item.value) });

const CAMERA_HINT_NOTE = 'unsigned camera EXIF: hint only';

/**
 * Analyse image bytes and say honestly where the image seems to come from.
 * Throws only `UnsupportedImageError` / `ImageTooLargeError` (map them to
 * 415 / 413); every reader failure becomes a warning and, at worst, an
 * `unknown` verdict.
 *
 * The answer is the first one: provisional when full C2PA validation takes
 * longer than `provisionalAfterMs`. Validation then continues in the
 * background and its final answer replaces the cached one (see
 * `cachedProvenance`); `analyzeProvenanceInStages` gives both.
 */
export const analyzeProvenance = async (bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<ProvenanceResult> => {
  const { first, final } = await analyzeProvenanceInStages(bytes, options);
  final.catch(() => undefined); // nobody waits for it here; the cache does
  return first;
};

/** The final answer only: waits for full validation however long it takes (up to `timeBudgetMs`). For background work such as pin enrichment. */
export const analyzeProvenanceFinal = async (bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<ProvenanceResult> =>
  (await analyzeProvenanceInStages(bytes, options)).final;

/** The first answer (maybe provisional) and a promise of the final one. */
export const analyzeProvenanceInStages = async (bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<StagedProvenance> => {
  if (!(bytes instanceof Uint8Array)) throw new UnsupportedImageError('expected image bytes');
  const maxBytes = options.maxBytes ?? LIMITS.maxInputBytes;
  if (bytes.length > maxBytes) throw new ImageTooLargeError(bytes.length, maxBytes);
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnsupportedImageError();

  const sha256 = options.sha256 ?? createHash('sha256').update(bytes).digest('hex');
  const useCache = options.cache !== false;
  const cacheKey = cacheKeyOf(sha256, options.trust);
  if (useCache) {
    const cached = resultCache.get(cacheKey);
    // Copies: a caller that decorates its result must not change what the next caller gets.
    if (cached?.status === 'final') return { first: structuredClone(cached), final: Promise.resolve(structuredClone(cached)) };
    const pending = pendingFinals.get(cacheKey);
    // A provisional answer with its validation still running: the same answer, no second validation.
    if (cached && pending) return { first: structuredClone(cached), final: pending.then((result) => structuredClone(result)) };
  }

  const { result, cacheable, validation } = await analyzeUncached(bytes, format, sha256, options);
  if (!validation) {
    // A result cut short (time budget, busy validator) is not the file's answer: do not remember it.
    if (useCache && cacheable) resultCache.set(cacheKey, structuredClone(result));
    return { first: result, final: Promise.resolve(structuredClone(result)) };
  }

  const final = validation
    .then((outcome) => analyzeUncached(bytes, format, sha256, options, { validated: true, outcome }))
    .then(({ result: finalResult, cacheable: finalCacheable }) => {
      if (useCache && finalCacheable) resultCache.set(cacheKey, structuredClone(finalResult));
      else if (useCache) resultCache.delete(cacheKey); // cut short: the next request starts afresh
      return finalResult;
    })
    .catch((error: unknown) => {
      if (useCache) resultCache.delete(cacheKey);
      throw error;
    })
    .finally(() => {
      if (pendingFinals.get(cacheKey) === final) pendingFinals.delete(cacheKey);
    });
  final.catch(() => undefined); // a failure reaches whoever awaits `final`; it must not also be unhandled here
  if (useCache) {
    resultCache.set(cacheKey, structuredClone(result));
    pendingFinals.set(cacheKey, final);
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
 * One pass over the file. `c2paRead`, when given, is the C2PA reading to use (the final pass
 * after a provisional one passes the finished validation); otherwise it is read in stages.
 */
const analyzeUncached = async (bytes: Uint8Array, format: ImageFormat, sha256: string, options: AnalyzeOptions, c2paRead?: StagedC2paRead): Promise<Analysis> => {
  let cacheable = true;
  const deadline = performance.now() + (options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS);
  const signals: Signals = { c2pa: null, declarations: [], hints: [], warnings: [] };
  const declare = (meaning: Declaration['meaning'], item: ProvenanceEvidence) => signals.declarations.push({ meaning, evidence: evidence(item) });
  const hint = (item: ProvenanceEvidence) => signals.hints.push(evidence(item));
  const guarded = async <T>(what: string, run: () => Promise<T> | T): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      signals.warnings.push(`${what} could not be read (${error instanceof Error ? error.message.slice(0, 120) : 'error'})`);
      return undefined;
    }
  };

  const container = (await guarded('file structure', () => readContainer(bytes, format))) ?? null;
  if (container?.truncated) signals.warnings.push('The file looks truncated or malformed; only what could be read was analysed');

  // 1. C2PA Content Credentials.
  let remoteManifest: string | undefined;
  let validation: Promise<C2paReadOutcome> | undefined;
  if (container?.mayHaveC2pa) {
    const staged =
      c2paRead ??
      (await guarded('Content Credentials', () =>
        readC2paStaged(bytes, FORMAT_MIME[format], {
          trust: options.trust,
          validationTimeoutMs: deadline - performance.now(),
          provisionalAfterMs: options.provisionalAfterMs ?? DEFAULT_PROVISIONAL_AFTER_MS,
        }),
      ));
    const outcome = staged?.outcome;
    if (staged && !staged.validated) {
      validation = staged.validation;
      signals.warnings.push(PROVISIONAL_WARNING);
      const claims = outcome?.kind === 'store' ? claimsOfUnvalidatedStore(outcome.store) : null;
      if (claims) {
        const claimText = claims.claim === 'none' ? 'no AI/capture claim' : `${claims.claimDetail}${claims.inferred ? ' (inferred, legacy manifest)' : ''} in ${claims.claimLocation ?? 'active manifest'}`;
        // No signer, integrity or trust: none of it has been checked yet.
        const item: ProvenanceEvidence = { source: 'c2pa', field: 'c2pa.manifest', value: `${claimText}; ${claims.manifestCount} manifest(s); not validated yet` };
        if (claims.tool) item.tool = claims.tool;
        signals.c2paUnvalidated = { claims, evidence: evidence(item) };
      } else if (outcome?.kind === 'store' || outcome?.kind === 'unreadable') {
        hint({ source: 'c2pa', field: 'c2pa.store', value: 'C2PA store present, still being validated' });
      } else if (outcome?.kind === 'remote') {
        remoteManifest = outcome.url;
      }
    } else if (outcome?.kind === 'store') {
      const finding = interpretC2paStore(outcome.store, outcome.trustChecked);
      if (finding) {
        const claimText = finding.claim === 'none' ? 'no AI/capture claim' : `${finding.claimDetail}${finding.inferred ? ' (inferred, legacy manifest)' : ''} in ${finding.claimLocation ?? 'active manifest'}`;
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
        signals.c2pa = { finding, evidence: evidence(item) };
      }
    } else if (outcome?.kind === 'remote') {
      remoteManifest = outcome.url;
    } else if (outcome?.kind === 'unreadable') {
      if (outcome.transient) {
        cacheable = false;
        signals.warnings.push(`Content Credentials could not be checked (${outcome.reason}); try again later`);
      }
      hint({ source: 'c2pa', field: 'c2pa.store', value: `C2PA store present but unreadable (${outcome.reason})` });
    }
  }

  // 2. XMP / IPTC DigitalSourceType, CreatorTool, dcterms:provenance.
  for (const packet of container?.xmpPackets ?? []) {
    const xmp = await guarded('XMP', () => parseXmp(packet));
    if (!xmp) continue;
    if (xmp.digitalSourceType) {
      const meaning = sourceTypeMeaning(xmp.digitalSourceType);
      const item: ProvenanceEvidence = { source: 'xmp', field: 'Iptc4xmpExt:DigitalSourceType', value: sourceTypeCode(xmp.digitalSourceType) };
      if (meaning === 'ai-generated' || meaning === 'ai-edited') declare(meaning, item);
      else if (meaning === 'capture' || meaning === 'human') hint({ ...item, value: `${item.value} [unsigned non-AI claim: not enough for camera-or-human]` });
      else if (meaning === 'synthetic') hint({ ...item, value: `${item.value} [synthetic, not necessarily generative AI: hint only]` });
    }
    const generator = knownGeneratorName(xmp.creatorTool);
    if (xmp.creatorTool && generator) hint({ source: 'xmp', field: 'xmp:CreatorTool', value: `${xmp.creatorTool} [hint only]`, tool: generator });
    const provenance = xmp.provenance ?? '';
    if (/^https?:\/\//i.test(provenance)) remoteManifest ??= provenance;
  }
  if (remoteManifest && !signals.c2pa) {
    hint({ source: 'xmp', field: 'dcterms:provenance', value: `${remoteManifest} [remote Content Credentials referenced, not fetched (privacy/offline)]` });
  }

  // 3. EXIF: generator parameters in UserComment, generator names in Software, camera Make/Model.
  let exif: ExifFields = {};
  if (container?.exifTiff) exif = (await guarded('EXIF', () => readTiffExif(container.exifTiff as Uint8Array))) ?? {};
  else if (format === 'heic' || format === 'avif') exif = await readIsobmffExif(bytes);
  for (const comment of [exif.userComment, exif.xpComment]) {
    const declaration = comment ? classifyUserComment(comment) : null;
    if (declaration) declare('ai-generated', { source: 'exif', field: declaration.field, value: declaration.value, tool: declaration.tool });
  }
  const softwareGenerator = knownGeneratorName(exif.software);
  if (exif.software && softwareGenerator) hint({ source: 'exif', field: 'Software', value: `${exif.software} [hint only]`, tool: softwareGenerator });
  if (exif.make || exif.model) {
    hint({ source: 'exif', field: 'Make/Model', value: `${[exif.make, exif.model].filter(Boolean).join(' ')} [${CAMERA_HINT_NOTE}]` });
  }

  // 4. Generator text chunks (PNG tEXt / zTXt / iTXt).
  for (const text of container?.pngTexts ?? []) {
    const declaration = classifyGeneratorText(text.keyword, text.text);
    if (declaration) declare('ai-generated', { source: 'png-text', field: declaration.field, value: declaration.value, tool: declaration.tool });
    else if (/^(software|source)$/i.test(text.keyword)) {
      const generator = knownGeneratorName(text.text);
      if (generator) hint({ source: 'png-text', field: text.keyword, value: `${text.text} [hint only]`, tool: generator });
    }
  }

  // 5. Pixel-level marks on lossless images: stealth pnginfo and the SD invisible watermark.
  // A provisional answer skips them too when the unvalidated store makes a claim: it should be quick, and the final pass runs them if validation fails.
  const c2paDecides = (!!signals.c2pa && signals.c2pa.finding.integrity === 'valid' && signals.c2pa.finding.claim !== 'none') || (!!signals.c2paUnvalidated && signals.c2paUnvalidated.claims.claim !== 'none');
  if (container?.lossless && !c2paDecides) {
    if (performance.now() > deadline) {
      cacheable = false;
      signals.warnings.push('Time budget spent: pixel watermark checks were skipped');
    } else {
      const pixels = await guarded('pixels', () => decodePixels(bytes, container.width || undefined, container.height || undefined));
      if (pixels) {
        if (format === 'png') {
          const stealth = await guarded('stealth metadata', () => readStealthPngInfo(pixels));
          // Only Stable Diffusion tooling writes this signature (A1111 and Forge parameters, NovelAI JSON), so the payload itself is the declaration.
          if (stealth) declare('ai-generated', { source: 'png-text', field: `stealth_pnginfo (${stealth.signature}, alpha/RGB LSBs)`, value: stealth.text, tool: 'AUTOMATIC1111 stealth pnginfo' });
        }
        if (performance.now() <= deadline) {
          const mark = await guarded('invisible watermark', () => detectSdWatermark(pixels));
          if (mark) {
            declare('ai-generated', {
              source: 'watermark',
              field: 'invisible-watermark dwtDct',
              value: `${mark.name} [${mark.bitErrors}/${mark.bits} bit errors]`,
              tool: mark.name === 'SDXL' ? 'Stable Diffusion XL' : 'Stable Diffusion',
            });
          }
        } else {
          cacheable = false;
          signals.warnings.push('Time budget spent: the invisible-watermark check was skipped');
        }
      }
    }
  }

  const decision = decide(signals);
  const foundEvidence = [
    ...(signals.c2pa ? [signals.c2pa.evidence] : []),
    ...(signals.c2paUnvalidated ? [signals.c2paUnvalidated.evidence] : []),
    ...signals.declarations.map((declaration) => declaration.evidence),
    ...signals.hints,
  ];
  // Bounded, so a file with thousands of text chunks cannot make a huge response (or a huge cache entry).
  const allEvidence = foundEvidence.slice(0, LIMITS.maxEvidenceItems);
  if (foundEvidence.length > allEvidence.length) decision.warnings.push(`${foundEvidence.length - allEvidence.length} more evidence items were left out`);
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
