/**
 * Record types produced by the page-scanning library. Every record is plain
 * data (strings, numbers, booleans, null): it can cross `postMessage` /
 * `runtime.sendMessage` unchanged and be merged in the top frame.
 */

/** Where on the page an image was found. */
export type ImageSource =
  | 'img' // <img src> (or the largest `srcset` candidate)
  | 'picture' // <img> inside <picture>: the chosen <source>
  | 'lazy' // not loaded yet: taken from data-src / data-srcset / data-lazy-src / data-original
  | 'background' // CSS background-image on a large element
  | 'poster' // <video poster>
  | 'svg-image' // SVG <image href | xlink:href>
  | 'noscript'; // the real picture in a <noscript> beside a placeholder (next/image, Medium-style previews)

/**
 * Where on the page an image sits, for ranking (see rank.ts): inside the page's main content
 * (main, article, a product gallery), in its chrome (header, footer, nav, aside; logos, avatars,
 * share buttons by their class or id), or elsewhere. What the record itself says (an alt text or
 * file name naming a logo) the ranking adds.
 */
export type Placement = 'main' | 'other' | 'chrome';

/** Why an image is shown but may not be saved. */
export type BlockedReason =
  | 'page-nopin' // <meta name="pinterest" content="nopin">
  | 'page-nosave' // <meta name="loupe" content="nosave">
  | 'image-nopin' // data-pin-nopin / nopin attribute on the image
  | 'image-nosave'; // data-loupe-nosave attribute on the image

export interface Size {
  width: number;
  height: number;
}

export interface ImageRecord {
  /** Absolute URL of the image to offer (hash stripped). Unique per frame: the dedupe key. */
  url: string;
  source: ImageSource;
  /** Intrinsic size when the offered resource is loaded (or known from a `w` descriptor), else null. */
  naturalWidth: number | null;
  naturalHeight: number | null;
  /** Rendered CSS-pixel box of the largest rendering on the page (0 when not rendered). */
  renderedWidth: number;
  renderedHeight: number;
  /** Alt text (or title / aria-label), whitespace-collapsed, at most 300 characters. Plain text: never render as HTML. */
  alt: string;
  /** Absolute URL of the closest `a[href]` (http/https only), else null. */
  linkUrl: string | null;
  /** URL of the frame the image was found in (location.href of that frame, hash stripped). */
  frameUrl: string;
  /** Where the largest rendering sits: main content, page chrome, or elsewhere (ranks the list). */
  placement: Placement;
  /** Top of the largest rendering in CSS px from the top of its document (0 when not rendered). */
  top: number;
  /** True when found inside an open shadow root. */
  inShadowRoot: boolean;
  /** True when the rendering is at least 120 × 120 CSS px: eligible for the hover button. */
  hoverEligible: boolean;
  saveAllowed: boolean;
  blockedReason: BlockedReason | null;
  /** Optional site-supplied text (Pinterest's `description` on the nopin meta). Plain text, ≤ 200 chars. */
  blockedDetail: string | null;
}

export type { Availability } from '../contract/product-rules';
import type { Availability } from '../contract/product-rules';

export type ProductSource = 'json-ld' | 'microdata' | 'opengraph';

export interface ProductRecord {
  source: ProductSource;
  name: string | null;
  brand: string | null;
  /** Decimal text with a dot, no grouping, no symbol: "1299.00", "12.99", "5". */
  price: string | null;
  /** ISO 4217, uppercase, 3 letters; null when missing or malformed. */
  currency: string | null;
  availability: Availability;
  sku: string | null;
  /** Digits only, 8/12/13/14 long. */
  gtin: string | null;
  /** Absolute canonical URL of the product (structured data url, else <link rel=canonical>, else page URL). */
  url: string | null;
  /** Absolute image URLs, deduped, in document order. */
  images: string[];
}

/** Result of one scan pass: records new to the scanner, and records that changed (larger rendering, block state). */
export interface ScanDelta {
  added: ImageRecord[];
  updated: ImageRecord[];
  /** URLs whose record went away (their element was re-scanned and now shows another URL or nothing). */
  removed: string[];
}
