/**
 * Errors the provenance library throws on purpose. Anything a route should map
 * to a 4xx is a `ProvenanceInputError`; every other failure inside a reader is
 * caught and turned into an `unknown` verdict with a warning, never a crash.
 */
export abstract class ProvenanceInputError extends Error {
  /** A stable, machine-readable code for logs and problem details. */
  abstract readonly code: string;
  /** The HTTP status a route should answer with. */
  abstract readonly httpStatus: number;
}

/** The bytes are not an image format Loupe reads (or are not an image at all). */
export class UnsupportedImageError extends ProvenanceInputError {
  readonly code = 'unsupported-image';
  readonly httpStatus = 415;
  constructor(message = 'not a supported image (JPEG, PNG, WebP, AVIF, HEIC or SVG)') {
    super(message);
    this.name = 'UnsupportedImageError';
  }
}

/** The image is larger than the configured byte limit. */
export class ImageTooLargeError extends ProvenanceInputError {
  readonly code = 'image-too-large';
  readonly httpStatus = 413;
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`image is ${size} bytes, over the ${limit}-byte limit`);
    this.name = 'ImageTooLargeError';
  }
}

export const isProvenanceInputError = (error: unknown): error is ProvenanceInputError =>
  error instanceof ProvenanceInputError;
