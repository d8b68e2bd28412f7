/**
 * Loupe's provenance library: given image bytes, say honestly whether the
 * image is AI-generated, AI-edited, camera-or-human, or unknown.
 */
export { analyzeProvenance, analyzeProvenanceFinal, analyzeProvenanceInStages, cachedProvenance, clearProvenanceCache, DEFAULT_PROVISIONAL_AFTER_MS, PROVISIONAL_WARNING } from './analyze';
export type { AnalyzeOptions, StagedProvenance } from './analyze';
export { ImageTooLargeError, ProvenanceInputError, UnsupportedImageError, isProvenanceInputError } from './errors';
export { loadTrustSettings, trustSettingsFromEnv } from './trust';
export type { TrustSettings } from './trust';
export { sniffImageFormat, FORMAT_MIME } from '../../platform/image-format';
export type { ImageFormat } from '../../platform/image-format';
export { closeC2paValidator } from './readers/c2pa-wasm';
export { provenanceProblem } from './problem';
export type { ProvenanceProblem } from './problem';
