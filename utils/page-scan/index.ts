/**
 * Loupe page-scanning library: the pure DOM logic the content script uses to
 * find the images on a page and the product it sells. No dependencies.
 */
export type {
  BlockedReason,
  ImageRecord,
  ImageSource,
  ProductRecord,
  ProductSource,
  Availability,
  ScanDelta,
  Size,
} from './types';
export { PageScanner, mergeFrameRecords, cssImageUrl } from './scanner';
export type { ScannerOptions, ScanStats } from './scanner';
export { observePage, WATCHED_ATTRIBUTES } from './observe';
export type { ObserveOptions } from './observe';
export { domGeometry } from './geometry';
export type { Geometry, LoadedImage } from './geometry';
export { parseSrcset, largestCandidate, largestSrcsetUrl } from './srcset';
export type { SrcsetCandidate } from './srcset';
export { passesSizeRules, isHoverEligible, MIN_SIDE, MIN_LONG_SIDE, HOVER_MIN_SIDE } from './rules';
export { readPageOptOut, elementOptOut } from './optout';
export type { PageOptOut } from './optout';
export type { ProductSources } from './product';
export { isDormantByRule, normalizeHostPattern, SENSITIVE_HOST_LABELS } from './dormant';
export { isDormantHost, isSensitiveSite, SENSITIVE_DOMAINS, sensitiveSiteExcludeMatches } from './sensitive-sites';
export { absoluteUrl, imageMatchKey, placeholderReason } from './url';
export {
  readProduct,
  productFromSources,
  collectProductSources,
  productImageUrls,
  toCapturedProduct,
  parseJsonLd,
  normalizePrice,
  normalizeCurrency,
  normalizeAvailability,
  ogUrlMatchesPage,
} from './product';
