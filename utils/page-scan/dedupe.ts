/**
 * Dedupe: one record per image URL. A page often shows one picture several
 * times (thumbnail, main photo, zoom); the largest rendering supplies the
 * record's sizes, source, alt and link, smaller ones only fill in what it
 * lacks, and a nopin on any rendering blocks the URL. Across frames,
 * {@link mergeFrameRecords} applies the same rule to the frames' lists.
 */
import type { Found } from './classify';
import type { PageOptOut } from './optout';
import { isHoverEligible } from './rules';
import type { BlockedReason, ImageRecord, ScanDelta } from './types';
import { absoluteUrl, MAX_URL_LENGTH } from './url';

interface Entry {
  record: ImageRecord;
  /** The element showing the largest rendering. */
  el: Element;
  /** The image's own opt-out, from any of its renderings. */
  imageBlock: BlockedReason | null;
}

/** What a pass changed, gathered across the chunks of a sliced pass. */
export interface Changes {
  added: Set<ImageRecord>;
  updated: Set<ImageRecord>;
  removed: Set<string>;
}

export const noChanges = (): Changes => ({ added: new Set(), updated: new Set(), removed: new Set() });

/** The delta to report: a record added and then changed is just added; removed ones are not upserted. */
export function deltaOf({ added, updated, removed }: Changes): ScanDelta {
  const live = (r: ImageRecord) => !removed.has(r.url);
  return {
    added: [...added].filter(live),
    updated: [...updated].filter((r) => live(r) && !added.has(r)),
    removed: [...removed],
  };
}

/** What a record takes from the page: the base its links resolve against, and the page's opt-out. */
export interface RecordContext {
  base: string;
  optOut: PageOptOut | null;
}

/** The records of one frame, one per URL, and which element supplies each. */
export class RecordsByUrl {
  private readonly entries = new Map<string, Entry>();
  /** The URL each element last showed (an element that changes URL gives up its record). */
  private readonly elementUrl = new WeakMap<Element, string>();

  constructor(
    private readonly frameUrl: string,
    /** Counts renderings folded into another element's record. */
    private readonly stats: { duplicate: number },
  ) {}

  /** All records, in discovery order. Treat them as read-only. */
  records(): ImageRecord[] {
    return Array.from(this.entries.values(), (e) => e.record);
  }

  /** The element currently showing the largest rendering of `url`. */
  elementFor(url: string): Element | null {
    return this.entries.get(url)?.el ?? null;
  }

  /** Whether `el` has shown an image this index recorded. */
  owns(el: Element): boolean {
    return this.elementUrl.has(el);
  }

  /** `el` shows no image any more: the record it supplied goes. */
  drop(el: Element, changes: Changes): void {
    const prev = this.elementUrl.get(el);
    if (!prev) return;
    this.elementUrl.delete(el);
    const e = this.entries.get(prev);
    if (e && e.el === el) {
      this.entries.delete(prev);
      changes.removed.add(prev);
    }
  }

  /** `el` shows `f`: a new record, or one folded into the record of the same URL. */
  upsert(f: Found, el: Element, inShadow: boolean, page: RecordContext, changes: Changes): void {
    const { added, updated } = changes;
    const prev = this.elementUrl.get(el);
    if (prev && prev !== f.url) this.drop(el, changes);
    this.elementUrl.set(el, f.url);
    const block = f.block;
    const existing = this.entries.get(f.url);
    if (!existing) {
      const record = this.newRecord(f, el, inShadow, page.base);
      const entry: Entry = { record, el, imageBlock: block };
      applyBlock(entry, page.optOut);
      this.entries.set(f.url, entry);
      added.add(record);
      changes.removed.delete(f.url); // gone and back within one pass: just an upsert
      return;
    }
    const r = existing.record;
    let changed = false;
    const area = f.box.width * f.box.height;
    if (existing.el !== el) this.stats.duplicate++;
    if (existing.el === el || area > r.renderedWidth * r.renderedHeight) {
      const w = Math.round(f.box.width);
      const h = Math.round(f.box.height);
      const link = nearestLink(el, page.base) ?? (existing.el === el ? null : r.linkUrl);
      const alt = f.alt || (existing.el === el ? '' : r.alt);
      const nw = f.natural?.width ?? (existing.el === el ? null : r.naturalWidth);
      const nh = f.natural?.height ?? (existing.el === el ? null : r.naturalHeight);
      if (
        existing.el !== el ||
        w !== r.renderedWidth ||
        h !== r.renderedHeight ||
        r.source !== f.source ||
        r.alt !== alt ||
        r.linkUrl !== link ||
        r.naturalWidth !== nw ||
        r.naturalHeight !== nh ||
        r.placement !== f.placement ||
        r.top !== f.top
      ) {
        r.renderedWidth = w;
        r.renderedHeight = h;
        r.hoverEligible = isHoverEligible(w, h);
        r.source = f.source;
        r.inShadowRoot = inShadow;
        r.alt = alt;
        r.linkUrl = link;
        r.naturalWidth = nw;
        r.naturalHeight = nh;
        r.placement = f.placement;
        r.top = f.top;
        existing.el = el;
        changed = true;
      }
    } else {
      if (!r.alt && f.alt) {
        r.alt = f.alt;
        changed = true;
      }
      if (!r.linkUrl) {
        const link = nearestLink(el, page.base);
        if (link) {
          r.linkUrl = link;
          changed = true;
        }
      }
      if (r.naturalWidth === null && f.natural) {
        r.naturalWidth = f.natural.width;
        r.naturalHeight = f.natural.height;
        changed = true;
      }
    }
    // A nopin on any rendering of the picture blocks it (conservative).
    if (block && !existing.imageBlock) existing.imageBlock = block;
    if (applyBlock(existing, page.optOut)) changed = true;
    if (changed && !added.has(r)) updated.add(r);
  }

  /** The page's opt-out changed: every record follows it. */
  reblock(optOut: PageOptOut | null, changes: Changes): void {
    for (const e of this.entries.values()) if (applyBlock(e, optOut)) changes.updated.add(e.record);
  }

  /** The record `el` alone would give `f`, kept nowhere. */
  recordFor(f: Found, el: Element, inShadow: boolean, page: RecordContext): ImageRecord {
    const entry: Entry = { record: this.newRecord(f, el, inShadow, page.base), el, imageBlock: f.block };
    applyBlock(entry, page.optOut);
    return entry.record;
  }

  /** Drops records whose element left the document. Returns the removed URLs. */
  prune(): string[] {
    const removed: string[] = [];
    for (const [url, e] of this.entries) {
      if (!e.el.isConnected) {
        this.entries.delete(url);
        removed.push(url);
      }
    }
    return removed;
  }

  private newRecord(f: Found, el: Element, inShadow: boolean, base: string): ImageRecord {
    // Rounded first, so the background derives the same eligibility from the reported size.
    const width = Math.round(f.box.width);
    const height = Math.round(f.box.height);
    return {
      url: f.url,
      source: f.source,
      naturalWidth: f.natural?.width ?? null,
      naturalHeight: f.natural?.height ?? null,
      renderedWidth: width,
      renderedHeight: height,
      alt: f.alt,
      linkUrl: nearestLink(el, base),
      placement: f.placement,
      top: f.top,
      frameUrl: this.frameUrl,
      inShadowRoot: inShadow,
      hoverEligible: isHoverEligible(width, height),
      saveAllowed: true,
      blockedReason: null,
      blockedDetail: null,
    };
  }
}

/** Recomputes saveAllowed / blockedReason from the page's and the image's opt-outs; returns whether anything changed. */
function applyBlock(e: Entry, optOut: PageOptOut | null): boolean {
  const r = e.record;
  const reason: BlockedReason | null = optOut?.reason ?? e.imageBlock;
  const detail = optOut ? optOut.detail : null;
  const allowed = reason === null;
  if (r.saveAllowed === allowed && r.blockedReason === reason && r.blockedDetail === detail) return false;
  r.saveAllowed = allowed;
  r.blockedReason = reason;
  r.blockedDetail = detail;
  return true;
}

/** Closest `a[href]`, crossing open shadow boundaries; http(s) only. */
function nearestLink(el: Element, base: string): string | null {
  for (let n: Element | null = el; n;) {
    const a = n.closest('a[href]');
    if (a) return linkOf(a, base);
    const root = n.getRootNode() as Node & { host?: Element };
    n = root.nodeType === 11 && root.host ? root.host : null;
  }
  return null;
}

/**
 * Where a link goes, without its hash; null for an in-page anchor ("#cart": not a link to anything
 * else), a scheme other than http(s), or a URL too long to keep. The attribute is resolved here
 * (url.ts's fast path, no URL object for the common shapes): reading an HTML link's `href`
 * property instead serialises the browser's parsed URL on every call, which measured about twice
 * the cost on a 3,000-card page.
 */
function linkOf(a: Element, base: string): string | null {
  const href = a.getAttribute('href')!;
  const url = href.trim().startsWith('#') ? null : absoluteUrl(href, base);
  return url && !url.startsWith('data:') && url.length <= MAX_URL_LENGTH ? url : null;
}

/**
 * Merge records from several frames (top frame first) into one list, one
 * entry per URL keeping the largest rendering. A page-level opt-out of the
 * top frame blocks every frame's images.
 */
export function mergeFrameRecords(
  lists: readonly (readonly ImageRecord[])[],
  topOptOut: PageOptOut | null = null,
): ImageRecord[] {
  const byUrl = new Map<string, ImageRecord>();
  for (const list of lists) {
    for (const rec of list) {
      const prev = byUrl.get(rec.url);
      if (!prev) {
        byUrl.set(rec.url, { ...rec });
        continue;
      }
      const blocked = !prev.saveAllowed ? prev : !rec.saveAllowed ? rec : null;
      const winner =
        rec.renderedWidth * rec.renderedHeight > prev.renderedWidth * prev.renderedHeight ? { ...rec } : prev;
      if (!winner.alt) winner.alt = prev.alt || rec.alt;
      winner.linkUrl ??= prev.linkUrl ?? rec.linkUrl;
      if (blocked) {
        winner.saveAllowed = false;
        winner.blockedReason = blocked.blockedReason;
        winner.blockedDetail = blocked.blockedDetail;
      }
      byUrl.set(rec.url, winner);
    }
  }
  const out = Array.from(byUrl.values());
  if (topOptOut) {
    for (const r of out) {
      r.saveAllowed = false;
      r.blockedReason = topOptOut.reason;
      r.blockedDetail = topOptOut.detail;
    }
  }
  return out;
}
