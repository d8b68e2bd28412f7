/**
 * Hard bounds for every reader. Untrusted bytes decide how much work a reader
 * would like to do; these numbers decide how much it may.
 */
export const LIMITS = {
  /** Largest input accepted by `analyzeProvenance` unless the caller sets its own. */
  maxInputBytes: 32 * 1024 * 1024,
  /** Most bytes one compressed PNG text chunk may inflate to (zip-bomb guard). */
  maxInflatedTextBytes: 4 * 1024 * 1024,
  /** Most bytes all inflated PNG text chunks of one file may add up to. */
  maxTotalInflatedBytes: 16 * 1024 * 1024,
  /** Most chunks / segments / boxes a container walker visits. */
  maxContainerEntries: 20_000,
  /** Most XMP packets considered per file. */
  maxXmpPackets: 8,
  /** Largest XMP packet parsed, in characters. */
  maxXmpChars: 2 * 1024 * 1024,
  /** Most IFD entries read per IFD, and most IFDs followed. */
  maxIfdEntries: 1_000,
  /** Pixel budget for pixel-level readers (watermark, stealth metadata): larger images are skipped. */
  maxDecodePixels: 25_000_000,
  /** Images with more pixels than this are refused by sharp outright (decompression-bomb guard). */
  sharpPixelLimit: 268_402_689,
  /** C2PA manifests walked (ingredient recursion), and how deep. */
  maxManifests: 200,
  maxIngredientDepth: 16,
  /** Most evidence items and warnings in one result. */
  maxEvidenceItems: 32,
  maxWarnings: 16,
  /** Longest value copied into an evidence item. */
  maxEvidenceValueChars: 160,
} as const;
