import { createHash } from 'node:crypto';
import { ProvenanceResultSchema } from '../../utils/contract/provenance';
import type { ProvenanceEvidence, ProvenanceResult } from '../../utils/contract/provenance';
import { LruCache } from './cache';
import { ImageTooLargeError, UnsupportedImageError } from './errors';
import { FORMAT_MIME, sniffImageFormat } from './format';
import type { ImageFormat } from './format';
import { LIMITS } from './limits';
import { interpretC2paStore } from './readers/c2pa-claims';
import { readC2paStore } from './readers/c2pa-wasm';
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
}

const DEFAULT_TIME_BUDGET_MS = 20_000;
const resultCache = new LruCache<string, ProvenanceResult>(512);

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

/** Forget all cached results (tests, or after trust settings change). */
export const clearProvenanceCache = (): void => resultCache.clear();

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
 */
export const analyzeProvenance = async (bytes: Uint8Array, options: AnalyzeOptions = {}): Promise<ProvenanceResult> => {
  if (!(bytes instanceof Uint8Array)) throw new UnsupportedImageError('expected image bytes');
  const maxBytes = options.maxBytes ?? LIMITS.maxInputBytes;
  if (bytes.length > maxBytes) throw new ImageTooLargeError(bytes.length, maxBytes);
  const format = sniffImageFormat(bytes);
  if (!format) throw new UnsupportedImageError();

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const useCache = options.cache !== false;
  const cacheKey = `${sha256}:${trustKey(options.trust)}`;
  if (useCache) {
    const cached = resultCache.get(cacheKey);
    // A copy: a caller that decorates its result must not change what the next caller gets.
    if (cached) return structuredClone(cached);
  }

  const { result, cacheable } = await analyzeUncached(bytes, format, sha256, options);
  // A result cut short (time budget, busy validator) is not the file's answer: do not remember it.
  if (useCache && cacheable) resultCache.set(cacheKey, structuredClone(result));
  return result;
};

const analyzeUncached = async (bytes: Uint8Array, format: ImageFormat, sha256: string, options: AnalyzeOptions): Promise<{ result: ProvenanceResult; cacheable: boolean }> => {
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
  if (container?.mayHaveC2pa) {
    const outcome = await guarded('Content Credentials', () => readC2paStore(bytes, FORMAT_MIME[format], options.trust, deadline - performance.now()));
    if (outcome?.kind === 'store') {
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
  const c2paDecides = !!signals.c2pa && signals.c2pa.finding.integrity === 'valid' && signals.c2pa.finding.claim !== 'none';
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
  });
  return { result, cacheable };
};
