/**
 * Image records as content scripts send them. A big page reports thousands of
 * records, and an extension message costs main-thread time by the byte (about
 * 30 ms for 3,000 records as objects on a slow machine), so each record travels
 * as a tuple without its field names and without what the background can
 * fill in itself: the frame URL (the report's own) and the hover eligibility
 * (from the rendered size). Trailing defaults (not in a shadow root, not
 * blocked) are left off. A URL on the frame's own origin (most links, and a
 * self-hosted shop's images) travels as its path: on the 3,000-card bench page
 * that makes a report a third shorter, and its message about 0.7 ms cheaper.
 * No zod here: the content script bundles this.
 */
import type { BlockedReason, ImageRecord, ImageSource, Placement } from '../types';
import { isHoverEligible } from '../rules';
import { reportable } from '../url';

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

/**
 * The origin a frame's URLs are sent without: its URL's own, the same on both sides of the wire
 * ("null" for a frame without one, such as about:srcdoc: no image URL starts with that). A report
 * whose frame URL does not parse never gets here: the background's schema refuses it.
 */
const originOf = (frameUrl: string): string => new URL(frameUrl).origin;

/** The encoder for one frame's records: a URL on the frame's origin goes as its path (it starts with "/"). */
export function imageEncoder(frameUrl: string): (r: ImageRecord) => WireImage {
  const origin = originOf(frameUrl);
  const onOrigin = `${origin}/`;
  const path = (url: string) => (url.startsWith(onOrigin) ? url.slice(origin.length) : url);
  return (r) => {
    // One array per record in the usual case: a big page encodes thousands of them in one go.
    const core: WireImageCore = [
      path(r.url),
      r.source,
      r.renderedWidth,
      r.renderedHeight,
      r.naturalWidth,
      r.naturalHeight,
      r.alt,
      r.linkUrl && path(r.linkUrl),
      r.placement,
      r.top,
    ];
    if (!r.inShadowRoot && r.blockedReason === null) return core;
    return [...core, r.inShadowRoot ? 1 : 0, r.blockedReason, r.blockedDetail];
  };
}

/**
 * The decoder for one frame's report: records whole again, with what the background fills in. A
 * path gets the frame's origin back; a record whose URL then is not an http(s) one of reportable
 * length (a forged report: the encoder never sends one) is null, and so is such a link.
 */
export function imageDecoder(frameUrl: string): (wire: WireImage) => ImageRecord | null {
  const origin = originOf(frameUrl);
  const whole = (url: string): string | null => {
    if (url.charCodeAt(0) !== 47) return url;
    const joined = origin + url;
    return /^https?:/.test(joined) && reportable(joined) ? joined : null;
  };
  return (wire) => {
    const [
      wireUrl,
      source,
      renderedWidth,
      renderedHeight,
      naturalWidth,
      naturalHeight,
      alt,
      wireLink,
      placement,
      top,
      inShadow = 0,
      blockedReason = null,
      blockedDetail = null,
    ] = wire;
    const url = whole(wireUrl);
    if (url === null) return null;
    return {
      url,
      source,
      naturalWidth,
      naturalHeight,
      renderedWidth,
      renderedHeight,
      alt,
      linkUrl: wireLink === null ? null : whole(wireLink),
      placement,
      top,
      frameUrl,
      inShadowRoot: inShadow === 1,
      hoverEligible: isHoverEligible(renderedWidth, renderedHeight),
      saveAllowed: blockedReason === null,
      blockedReason,
      blockedDetail: blockedReason === null ? null : blockedDetail,
    };
  };
}
