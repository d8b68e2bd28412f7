/**
 * The order of the This page list: the page's main images first, its chrome last.
 *
 * 1. Tier: the product's own images and images inside the page's main content (main, article,
 *    a product gallery) first; then the rest; then chrome (header, footer, nav, aside, and logos,
 *    avatars, share buttons: by their class or id, which the page's placement read, or by their
 *    alt text or file name, tested here). Chrome is listed, only last.
 * 2. Within a tier, prominence: the image's area divided by how far down the page it sits
 *    (`area / (1 + top / 1000 px)`), so a large photo near the top leads and one of the same
 *    size three screens down comes after smaller ones above it (a long page's tops past its first
 *    200 images are sampled: see sampledPlaces in geometry.ts). An image not rendered yet
 *    (listed provisionally) counts with its natural size, else as a minimal image.
 * 3. Ties keep the order the page reported them in (document order, frame by frame).
 * Tracking pixels are left out altogether. No DOM here: the background ranks what the frames
 * reported (so none of this weighs on the content script).
 */
import { fileNamesChrome, namesChrome } from './chrome-names';
import type { ImageRecord } from './types';
import { MIN_LONG_SIDE, MIN_SIDE } from './rules';

const TIER = { main: 0, other: 1, chrome: 2 } as const;

/**
 * Tracking pixels by their well-known addresses. Most never reach the list (1×1 by their declared
 * or loaded size); these are the ones a provisional listing (not loaded yet, no size) would let in.
 */
const BEACON =
  /^https?:\/\/[^/]*(?:google-analytics|doubleclick|scorecardresearch|quantserve|bat\.bing)\.|facebook\.com\/tr\b|\/(?:pixel|beacon|collect)(?:\.gif)?(?:\?|$)/i;

/** Whether `url` is a known tracking pixel. */
export const isTrackingBeacon = (url: string): boolean => BEACON.test(url);

/** Area in CSS px² a ranking counts for an image: rendered, else natural, else the smallest allowed. */
function areaOf(r: ImageRecord): number {
  const rendered = r.renderedWidth * r.renderedHeight;
  if (rendered > 0) return rendered;
  const natural = (r.naturalWidth ?? 0) * (r.naturalHeight ?? 0);
  return natural > 0 ? natural : MIN_SIDE * MIN_LONG_SIDE;
}

/** How much an image stands out within its tier. */
export function prominence(r: ImageRecord): number {
  return areaOf(r) / (1 + r.top / 1000);
}

/** `images` without tracking pixels, main images first (a new array); `productUrls` are the images showing the page's product. */
export function rankImages(images: readonly ImageRecord[], productUrls: readonly string[] = []): ImageRecord[] {
  const product = new Set(productUrls);
  const tier = (r: ImageRecord) =>
    product.has(r.url) ? 0 : namesChrome(r.alt) || fileNamesChrome(r.url) ? TIER.chrome : TIER[r.placement];
  return images
    .filter((r) => !isTrackingBeacon(r.url))
    .map((r, i) => ({ r, i, tier: tier(r), score: prominence(r) }))
    .sort((a, b) => a.tier - b.tier || b.score - a.score || a.i - b.i)
    .map((x) => x.r);
}
