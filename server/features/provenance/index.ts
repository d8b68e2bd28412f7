/**
 * Provenance: given image bytes, say honestly whether the image is AI-generated, AI-edited,
 * camera-or-human, or unknown. What the rest of the server may use of it: the analysis, its
 * router, its part of the app's dependencies, its body limits and its trust lists.
 */
import type { AppEnv } from '../../app-context';
import type { BodyLimit } from '../../platform/http/limits';
import { createRouter } from '../../platform/http/router';
import * as handlers from './api/provenance.handlers';
import * as routes from './api/provenance.routes';
import type { ProvenanceSettings } from './api/provenance.settings';
import { createProvenanceUrlMemory, type ProvenanceUrlMemory } from './api/url-memory';
import { ProvenanceCache } from './result-cache';

export {
  analyzeProvenance,
  analyzeProvenanceFinal,
  analyzeProvenanceInStages,
  DEFAULT_PROVISIONAL_AFTER_MS,
  PROVISIONAL_WARNING,
} from './analyze';
export type { AnalyzeOptions, StagedProvenance } from './analyze';
export { ProvenanceCache } from './result-cache';
export { ImageTooLargeError, ProvenanceInputError, UnsupportedImageError, isProvenanceInputError } from './errors';
export { loadTrustLists, locateTrustLists } from './trust';
export type { LoadedTrust, TrustEnv, TrustListFiles, TrustSettings } from './trust';
export { countPemCertificates, OFFICIAL_TRUST_LIST_URLS, TRUST_LIST_FILES, trustListDir } from './trust-lists';
export { sniffImageFormat, FORMAT_MIME } from '../../platform/image-format';
export type { ImageFormat } from '../../platform/image-format';
export { closeC2paValidator } from './readers/c2pa-wasm';
export { provenanceProblem } from './problem';
export type { ProvenanceProblem } from './problem';
export { PROVENANCE_DEFAULTS, provenanceSettings, provenanceSettingsFromEnv } from './api/provenance.settings';
export type { ProvenanceEnv, ProvenanceSettings } from './api/provenance.settings';
export type { ProvenanceUrlMemory };

// Registered for the API description, handled by a plain handler: see provenance.routes.ts.
export const provenanceRouter = createRouter<AppEnv>();
provenanceRouter.openAPIRegistry.registerPath(routes.analyzeProvenance);
provenanceRouter.post(routes.analyzeProvenance.path, handlers.analyze);
provenanceRouter.openapi(routes.getProvenance, handlers.getCached);

export interface ProvenanceDeps {
  /** Trust lists and fetch limits for POST /v1/provenance (defaults: no trust list, public addresses only). */
  provenance: ProvenanceSettings;
  /** The images each user's recent `POST /v1/provenance {url}` requests fetched, to answer repeats from the cache. */
  provenanceUrls: ProvenanceUrlMemory;
  /** This app's answers by content hash: what `GET /v1/provenance/{sha256}` serves, and where pin enrichment's land too. */
  provenanceCache: ProvenanceCache;
}

/** The provenance feature's part of an app's dependencies: a cache and a URL memory of the app's own. */
export const createProvenanceDeps = (settings: ProvenanceSettings): ProvenanceDeps => ({
  provenance: settings,
  provenanceUrls: createProvenanceUrlMemory(),
  provenanceCache: new ProvenanceCache(),
});

/**
 * `POST /v1/provenance` caps its own body as it reads it (`settings.maxBytes` for an image, 16 KiB
 * for `{url}`), and takes its image-work slot only when the answer is not cached already.
 */
export const provenanceBodyLimits: BodyLimit[] = [{ path: routes.analyzeProvenance.path, readByHandler: true }];
