/**
 * Image records as content scripts send them. A big page reports thousands of
 * records, and an extension message costs main-thread time by the byte (about
 * 30 ms for 3,000 records as objects on a slow machine), so each record travels
 * as a tuple without its field names and without what the background can
 * fill in itself: the frame URL (the report's own) and the hover eligibility
 * (from the rendered size). Trailing defaults (not in a shadow root, not
 * blocked) are left off. No zod here: the content script bundles this.
 */
import type { BlockedReason, ImageRecord, ImageSource, Placement } from '../types';
import { isHoverEligible } from '../rules';

/** What every record carries. */
type WireImageCore = [
  url: string,
  source: ImageSource,
  renderedWidth: number,
  renderedHeight: number,
  naturalWidth: number | null,
  naturalHeight: number | null,
  alt: string,
  linkUrl: string | null,
  placement: Placement,
  top: number,
];

export type WireImage =
  | WireImageCore
  | [...WireImageCore, inShadowRoot: 0 | 1, blockedReason: BlockedReason | null, blockedDetail: string | null];

export function encodeImage(r: ImageRecord): WireImage {
  // One array per record in the usual case: a big page encodes thousands of them in one go.
  const core: WireImageCore = [
    r.url,
    r.source,
    r.renderedWidth,
    r.renderedHeight,
    r.naturalWidth,
    r.naturalHeight,
    r.alt,
    r.linkUrl,
    r.placement,
    r.top,
  ];
  if (!r.inShadowRoot && r.blockedReason === null) return core;
  return [...core, r.inShadowRoot ? 1 : 0, r.blockedReason, r.blockedDetail];
}

export function decodeImage(wire: WireImage, frameUrl: string): ImageRecord {
  const [
    url,
    source,
    renderedWidth,
    renderedHeight,
    naturalWidth,
    naturalHeight,
    alt,
    linkUrl,
    placement,
    top,
    inShadow = 0,
    blockedReason = null,
    blockedDetail = null,
  ] = wire;
  return {
    url,
    source,
    naturalWidth,
    naturalHeight,
    renderedWidth,
    renderedHeight,
    alt,
    linkUrl,
    placement,
    top,
    frameUrl,
    inShadowRoot: inShadow === 1,
    hoverEligible: isHoverEligible(renderedWidth, renderedHeight),
    saveAllowed: blockedReason === null,
    blockedReason,
    blockedDetail: blockedReason === null ? null : blockedDetail,
  };
}
