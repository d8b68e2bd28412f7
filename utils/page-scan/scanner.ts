/**
 * The per-page image scanner. `scanRoot()` does the initial pass,
 * `scanAdded(nodes)` handles MutationObserver additions (and attribute
 * changes: pass the mutated element), touching only those subtrees.
 *
 * Each pass only reads the DOM (never writes), so the browser lays out at
 * most once per pass:
 * 1. collect candidates: one `querySelectorAll('*')` walk (open shadow roots
 *    included) plus a native query for inline / lazy backgrounds. Possible
 *    stylesheet backgrounds are measured top-down while collecting: nothing
 *    inside an element small on both sides, at most `maxBoxChecks` per pass;
 * 2. read geometry in one batch: getBoundingClientRect / naturalWidth for
 *    images, getComputedStyle only for large elements (`maxStyleChecks`);
 * 3. classify, apply the size rules and dedupe by URL (largest rendering wins).
 *
 * The top frame does not look into iframes: the content script runs in every
 * frame (all_frames), each scanner stamps its records with its `frameUrl`,
 * and {@link mergeFrameRecords} merges the frames' lists.
 */
import { domGeometry } from './geometry';
import type { Geometry, LoadedImage } from './geometry';
import { cleanText, elementOptOut, readPageOptOut } from './optout';
import type { PageOptOut } from './optout';
import { isHoverEligible, MIN_LONG_SIDE, passesSizeRules } from './rules';
import { largestSrcsetUrl } from './srcset';
import type { SrcsetCandidate } from './srcset';
import type { BlockedReason, ImageRecord, ImageSource, ScanDelta, Size } from './types';
import { absoluteUrl, cleanAbsolute, MAX_URL_LENGTH, placeholderReason, reportable } from './url';

export interface ScannerOptions {
  /** Layout access; defaults to the real DOM (tests inject sizes). */
  geometry?: Geometry;
  /** Document to scan; defaults to the global `document`. */
  document?: Document;
  /** URL recorded as `frameUrl`; defaults to the document URL without its hash. */
  frameUrl?: string;
  /** Per pass: how many elements without an image of their own may be measured as possible CSS backgrounds. */
  maxBoxChecks?: number;
  /** Per pass: how many getComputedStyle calls (only for large elements). */
  maxStyleChecks?: number;
}

/** Counters of what a scanner rejected (for diagnostics and tests). */
export interface ScanStats {
  tooSmall: number;
  placeholder: number;
  noUrl: number;
  duplicate: number;
  backgroundBudgetExhausted: number;
}

const K_IMG = 0;
const K_POSTER = 1;
const K_SVG = 2;
const K_BG = 3; // element that may carry a CSS background image
const K_META = 4;
/** A candidate the classification did not look at. */
const SKIP = Symbol('skip');

interface Candidate {
  el: Element;
  kind: number;
  inShadow: boolean;
  /** K_BG from the stylesheet path: the box measured while collecting (null: too small). */
  box?: Size | null;
  /** K_BG found by the inline-style / lazy-attribute query: read its value from the attribute, not the computed style. */
  inline?: boolean;
}

/** What one pass collects: the candidates, and the state that prunes its walk. */
interface Pass {
  cands: Candidate[];
  /** Elements already taken as inline / lazy backgrounds (not measured again as stylesheet ones). */
  inlineBg: Set<Element>;
  /** Elements measured small: their subtrees are skipped. */
  smallBg: Set<Element>;
  /** How many elements were measured as possible stylesheet backgrounds. */
  bgQueued: number;
  /** Elements visited (incremental passes only: added subtrees may overlap). */
  seen: Set<Element> | null;
}

/** Options for {@link PageScanner.scanRootInSlices}. */
export interface SliceOptions {
  /** Main-thread time per slice before handing control back to the page (default 8 ms). */
  sliceMs?: number;
  /** Stops the pass between slices. */
  signal?: AbortSignal;
  /** Resolves when the page has had its turn (default: a new task, see {@link yieldToPage}). */
  yieldToPage?: () => Promise<void>;
  /** Clock (default performance.now). */
  now?: () => number;
}

/** What a sliced pass cost: the figures `npm run bench` prints. */
export interface SlicedScanStats {
  /** Main-thread time spent scanning, summed over slices. */
  busyMs: number;
  slices: number;
  longestSliceMs: number;
  /** False when the signal stopped the pass early. */
  complete: boolean;
}

/** Candidates processed between two looks at the clock. */
const CHUNK = 48;

/** A new task, so input, rendering and the page's own scripts run first. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<void> } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface Found {
  url: string;
  source: ImageSource;
  natural: Size | null;
  box: Size;
  alt: string;
  block: BlockedReason | null;
}

interface Entry {
  record: ImageRecord;
  el: Element;
  imageBlock: BlockedReason | null;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const BG_TAGS = new Set(['div', 'section', 'a', 'span', 'li', 'figure', 'header', 'article', 'aside', 'main', 'button', 'i', 'td']);
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset'] as const;
const LAZY_BG_ATTRS = ['data-bg', 'data-background-image'] as const;
const INLINE_BG_SELECTOR = '[style*="url("],[data-bg],[data-background-image]';
const URL_IN_CSS = /url\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([^)'"\s]*))\s*\)/g;

/** The image URL in a CSS `background-image` value (`image-set` → last, i.e. densest; else first url()). */
export function cssImageUrl(value: string | null | undefined): string | null {
  if (!value || value.indexOf('url(') === -1) return null;
  const urls: string[] = [];
  for (const m of value.matchAll(URL_IN_CSS)) {
    const u = (m[1] ?? m[2] ?? m[3] ?? '').replace(/\\(.)/g, '$1');
    if (u) urls.push(u);
  }
  if (!urls.length) return null;
  return /image-set\(/i.test(value) ? (urls[urls.length - 1] ?? null) : (urls[0] ?? null);
}

function attr(el: Element, names: readonly string[]): string | null {
  for (const n of names) {
    const v = el.getAttribute(n);
    if (v && v.trim()) return v;
  }
  return null;
}

function numAttr(el: Element, name: string): number {
  const v = parseFloat(el.getAttribute(name) ?? '');
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * Pixel size of the offered srcset candidate. The browser's naturalWidth of a
 * srcset-selected image is divided by its density (w / sizes, or the x
 * descriptor), so it is only used to recover the aspect ratio / scale back.
 */
function densityNatural(best: SrcsetCandidate | null, isLoaded: boolean, loaded: Size, aspect: Size | null): Size | null {
  if (best?.w) return fromW(best.w, aspect);
  if (isLoaded && best?.x) return { width: Math.round(loaded.width * best.x), height: Math.round(loaded.height * best.x) };
  return null;
}

/** Size of a `w`-descriptor candidate, height from the aspect ratio. */
function fromW(w: number | undefined, aspect: Size | null): Size | null {
  return w && aspect ? { width: w, height: Math.round((w * aspect.height) / aspect.width) } : null;
}

function attrIf(el: Element, names: readonly string[], n: string): string | null {
  return names.includes(n) ? el.getAttribute(n) : null;
}

function hasBox(s: Size | null | undefined): s is Size {
  return !!s && s.width > 0 && s.height > 0;
}

/** Closest `a[href]`, crossing open shadow boundaries; http(s) only. */
function nearestLink(el: Element, base: string): string | null {
  let n: Element | null = el;
  while (n) {
    const a = n.closest('a[href]');
    if (a) {
      const href = a.getAttribute('href') ?? '';
      // In-page anchors ("#cart") are not links to anything else.
      const url = href.trim().startsWith('#') ? null : absoluteUrl(href, base);
      return url && url.length <= MAX_URL_LENGTH ? url : null;
    }
    const root = n.getRootNode() as Node & { host?: Element };
    n = root.nodeType === 11 && root.host ? root.host : null;
  }
  return null;
}

function altOf(el: Element): string {
  return cleanText(
    el.getAttribute('alt') || el.getAttribute('aria-label') || el.getAttribute('title') || '',
    300,
  );
}

function newPass(seen: Set<Element> | null): Pass {
  return { cands: [], inlineBg: new Set(), smallBg: new Set(), bgQueued: 0, seen };
}

/** What a pass changed, gathered across the chunks of a sliced pass. */
interface Changes {
  added: Set<ImageRecord>;
  updated: Set<ImageRecord>;
  removed: Set<string>;
}

const noChanges = (): Changes => ({ added: new Set(), updated: new Set(), removed: new Set() });

/** The delta to report: a record added and then changed is just added; removed ones are not upserted. */
function deltaOf({ added, updated, removed }: Changes): ScanDelta {
  const live = (r: ImageRecord) => !removed.has(r.url);
  return { added: [...added].filter(live), updated: [...updated].filter((r) => live(r) && !added.has(r)), removed: [...removed] };
}

export class PageScanner {
  readonly frameUrl: string;
  readonly stats: ScanStats = { tooSmall: 0, placeholder: 0, noUrl: 0, duplicate: 0, backgroundBudgetExhausted: 0 };
  /** Called for each open shadow root found, so an observer can watch inside it too. */
  onShadowRoot: ((root: ShadowRoot) => void) | null = null;

  private readonly doc: Document;
  private readonly geo: Geometry;
  private readonly maxBoxChecks: number;
  private readonly maxStyleChecks: number;
  private readonly entries = new Map<string, Entry>();
  private readonly elementUrl = new WeakMap<Element, string>();
  private readonly seenShadowRoots = new Set<ShadowRoot>();
  private optOut: PageOptOut | null = null;
  /** Whether a first pass has started: from then on `optOut` follows the page's meta elements. */
  private rootPassed = false;
  private base = '';

  constructor(options: ScannerOptions = {}) {
    this.doc = options.document ?? document;
    const view = this.doc.defaultView;
    this.geo = options.geometry ?? domGeometry((view ?? window) as Window & typeof globalThis);
    const u = options.frameUrl ?? this.doc.URL;
    const hash = u.indexOf('#');
    this.frameUrl = (hash === -1 ? u : u.slice(0, hash)).slice(0, MAX_URL_LENGTH);
    this.maxBoxChecks = options.maxBoxChecks ?? 600;
    this.maxStyleChecks = options.maxStyleChecks ?? 300;
  }

  /** The page-level opt-out in force, if any. */
  get pageOptOut(): PageOptOut | null {
    return this.optOut;
  }

  /** All records, in discovery order. Treat them as read-only. */
  records(): ImageRecord[] {
    return Array.from(this.entries.values(), (e) => e.record);
  }

  /** Records that may be saved. */
  offered(): ImageRecord[] {
    return this.records().filter((r) => r.saveAllowed);
  }

  /** The element currently showing the largest rendering of `url` (for the hover button / scroll-into-view). */
  elementFor(url: string): Element | null {
    return this.entries.get(url)?.el ?? null;
  }

  /** The initial pass over the whole document, in one go. */
  scanRoot(): ScanDelta {
    const changes = noChanges();
    const pass = this.startRootPass();
    const all = this.doc.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) this.visit(all[i]!, false, pass);
    this.process(pass.cands, changes);
    return deltaOf(changes);
  }

  /**
   * The initial pass over the whole document, in slices of about `sliceMs`
   * main-thread time with the page running in between, so a huge page never
   * sees a long task from Loupe. `onDelta` receives each slice's findings (the
   * first one may be empty); records are usable as soon as it is called.
   */
  async scanRootInSlices(onDelta: (delta: ScanDelta) => void, options: SliceOptions = {}): Promise<SlicedScanStats> {
    const now = options.now ?? (() => performance.now());
    const sliceMs = options.sliceMs ?? 8;
    const stats: SlicedScanStats = { busyMs: 0, slices: 0, longestSliceMs: 0, complete: false };
    let sliceStart = now();
    // Collection streams with processing: visit a chunk of elements, then classify what it
    // found, so even collecting a huge DOM is spread over slices.
    const pass = this.startRootPass();
    const all = this.doc.querySelectorAll('*');
    let visited = 0;
    let processed = 0;
    for (;;) {
      const changes = noChanges();
      while ((visited < all.length || processed < pass.cands.length) && now() - sliceStart < sliceMs) {
        for (const end = Math.min(all.length, visited + CHUNK); visited < end; visited++) this.visit(all[visited]!, false, pass);
        // Elements the page removed since the query are skipped (the observer prunes their records).
        this.process(pass.cands.slice(processed).filter((c) => c.el.isConnected), changes);
        processed = pass.cands.length;
      }
      // What the caller does with the findings (reporting them) is part of the slice's cost.
      onDelta(deltaOf(changes));
      const spent = now() - sliceStart;
      stats.busyMs += spent;
      stats.slices++;
      stats.longestSliceMs = Math.max(stats.longestSliceMs, spent);
      if (visited >= all.length && processed >= pass.cands.length) {
        stats.complete = true;
        return stats;
      }
      await (options.yieldToPage ?? yieldToPage)();
      if (options.signal?.aborted) return stats;
      sliceStart = now();
    }
  }

  /**
   * Incremental pass: scan only `nodes` (MutationRecord.addedNodes, or the
   * target of an attribute mutation) and their subtrees. Safe to call with
   * nodes already scanned: they are re-evaluated, not duplicated.
   */
  scanAdded(nodes: Iterable<Node>): ScanDelta {
    const pass = newPass(new Set());
    for (const node of nodes) {
      if (node.nodeType !== 1 || !node.isConnected) continue;
      const el = node as Element;
      if (pass.seen!.has(el)) continue;
      const inShadow = el.getRootNode().nodeType === 11;
      if (el.matches(INLINE_BG_SELECTOR)) {
        pass.inlineBg.add(el);
        pass.cands.push({ el, kind: K_BG, inShadow, inline: true });
      }
      this.visit(el, inShadow, pass);
      this.collect(el, inShadow, pass);
    }
    const changes = noChanges();
    this.process(pass.cands, changes);
    return deltaOf(changes);
  }

  /**
   * The image `el` itself shows (an img, a video poster, an SVG image, or a
   * large element's background), by the same rules as a scan, or null. It
   * scans nothing else and keeps nothing (only its diagnostic counters move): the hover button
   * asks it about the element under the pointer, whether or not the page has
   * been scanned, so a page nobody looks at in the side panel costs no scan.
   */
  describe(el: Element): ImageRecord | null {
    if (!el.isConnected) return null;
    const inShadow = el.getRootNode().nodeType === 11;
    const tag = el.localName;
    let candidate: Candidate | null = null;
    if (tag === 'img') candidate = { el, kind: K_IMG, inShadow };
    else if (tag === 'video') candidate = el.hasAttribute('poster') ? { el, kind: K_POSTER, inShadow } : null;
    else if (tag === 'image') candidate = el.namespaceURI === SVG_NS ? { el, kind: K_SVG, inShadow } : null;
    else {
      const inline = el.matches(INLINE_BG_SELECTOR);
      if (inline || BG_TAGS.has(tag)) {
        const box = this.geo.box(el);
        if (passesSizeRules(box.width, box.height)) candidate = { el, kind: K_BG, inShadow, box, inline };
      }
    }
    if (!candidate) return null;
    const found = this.classify([candidate]).images[0];
    if (!found || found === SKIP) return null;
    const entry: Entry = { record: this.newRecord(found, el, inShadow), el, imageBlock: found.block };
    // Before a first pass the page's opt-out is not known yet: read it (a handful of meta elements).
    this.applyBlock(entry, this.rootPassed ? this.optOut : readPageOptOut(this.doc));
    return entry.record;
  }

  /** A new initial pass: the page-level opt-out, and the inline / lazy backgrounds (one native query, no style reads). */
  private startRootPass(): Pass {
    this.optOut = readPageOptOut(this.doc);
    this.rootPassed = true;
    const pass = newPass(null);
    this.queryInlineBackgrounds(this.doc, false, pass);
    return pass;
  }

  /** Open shadow roots found so far (an observer should watch them too). */
  shadowRoots(): ShadowRoot[] {
    return Array.from(this.seenShadowRoots);
  }

  /** Drop records whose element left the document. Returns the removed URLs. */
  prune(): string[] {
    for (const sr of this.seenShadowRoots) if (!sr.host.isConnected) this.seenShadowRoots.delete(sr);
    const removed: string[] = [];
    for (const [url, e] of this.entries) {
      if (!e.el.isConnected) {
        this.entries.delete(url);
        removed.push(url);
      }
    }
    return removed;
  }

  // ---------------------------------------------------------------- collect

  private collect(root: ParentNode, inShadow: boolean, pass: Pass): void {
    this.queryInlineBackgrounds(root, inShadow, pass);
    const all = root.querySelectorAll('*');
    for (let i = 0; i < all.length; i++) this.visit(all[i]!, inShadow, pass);
  }

  private queryInlineBackgrounds(root: ParentNode, inShadow: boolean, pass: Pass): void {
    const inline = root.querySelectorAll(INLINE_BG_SELECTOR);
    for (let i = 0; i < inline.length; i++) {
      const el = inline[i]!;
      pass.inlineBg.add(el);
      pass.cands.push({ el, kind: K_BG, inShadow, inline: true });
    }
  }

  private visit(el: Element, inShadow: boolean, pass: Pass): void {
    const seen = pass.seen;
    if (seen) {
      if (seen.has(el)) return;
      seen.add(el);
    }
    const out = pass.cands;
    const sr = el.shadowRoot;
    if (sr && sr.mode === 'open') {
      if (!this.seenShadowRoots.has(sr)) {
        this.seenShadowRoots.add(sr);
        this.onShadowRoot?.(sr);
      }
      this.collect(sr, true, pass);
    }
    const tag = el.localName;
    if (tag === 'img') {
      out.push({ el, kind: K_IMG, inShadow });
    } else if (tag === 'video') {
      if (el.hasAttribute('poster')) out.push({ el, kind: K_POSTER, inShadow });
    } else if (tag === 'image') {
      if (el.namespaceURI === SVG_NS) out.push({ el, kind: K_SVG, inShadow });
    } else if (tag === 'meta') {
      out.push({ el, kind: K_META, inShadow });
    } else if (BG_TAGS.has(tag) && !pass.inlineBg.has(el)) {
      // Stylesheet backgrounds. Measured top-down (a parent precedes its children in document
      // order): inside a small or hidden element nothing is measured (menu items, closed
      // panels, icons), and at most maxBoxChecks elements per pass.
      const parent = el.parentElement;
      if (parent && pass.smallBg.has(parent)) {
        pass.smallBg.add(el);
      } else if (pass.bgQueued >= this.maxBoxChecks) {
        this.stats.backgroundBudgetExhausted++;
      } else {
        pass.bgQueued++;
        const box = this.geo.box(el);
        if (passesSizeRules(box.width, box.height)) out.push({ el, kind: K_BG, inShadow, box });
        else {
          // Prune the subtree only when both sides are small (hidden, icon, menu item); a wide
          // zero-height box is usually a container of floats whose children do render.
          if (Math.max(box.width, box.height) < MIN_LONG_SIDE) pass.smallBg.add(el);
          // A re-scanned element that showed a background before must lose its record.
          if (this.elementUrl.has(el)) out.push({ el, kind: K_BG, inShadow, box: null });
        }
      }
    }
  }

  // ---------------------------------------------------------------- process

  /** Classifies `cands` and records what changed in `changes`. */
  private process(cands: Candidate[], changes: Changes): void {
    if (!cands.length) return;
    const found = this.classify(cands);
    if (found.metaSeen) {
      const next = readPageOptOut(this.doc);
      if (next?.reason !== this.optOut?.reason || next?.detail !== this.optOut?.detail) {
        this.optOut = next;
        for (const e of this.entries.values()) if (this.applyBlock(e)) changes.updated.add(e.record);
      }
    }
    // Dedupe: one entry per URL, the largest rendering wins.
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      const f = found.images[i];
      if (f === SKIP) continue;
      if (!f) this.dropOwned(c.el, changes);
      else this.upsert(f, c.el, c.inShadow, changes);
    }
  }

  /**
   * Reads geometry for all candidates in one batch (reads only: at most one
   * layout), then classifies each: the image it shows, null when it shows none
   * (or one the rules reject), SKIP when it was not looked at (meta elements,
   * backgrounds over the style budget: their records are left alone).
   */
  private classify(cands: readonly Candidate[]): { images: (Found | null | typeof SKIP)[]; metaSeen: boolean } {
    this.base = this.doc.baseURI;
    const geo = this.geo;
    const n = cands.length;
    const boxes: (Size | null)[] = new Array<Size | null>(n).fill(null);
    const loaded: (LoadedImage | null)[] = new Array<LoadedImage | null>(n).fill(null);
    const bgValues: (string | null)[] = new Array<string | null>(n).fill(null);
    const unchecked = new Uint8Array(n);

    let styleChecks = 0;
    let metaSeen = false;
    for (let i = 0; i < n; i++) {
      const c = cands[i]!;
      if (c.kind === K_META) {
        metaSeen = true;
        continue;
      }
      if (c.kind === K_BG) {
        // Inline style / lazy attribute first: no computed style needed.
        if (c.inline) {
          const inline = this.inlineBackground(c.el);
          if (inline) {
            bgValues[i] = inline;
            boxes[i] = geo.box(c.el);
            continue;
          }
        }
        const box = c.box;
        if (!box) continue;
        boxes[i] = box;
        if (styleChecks >= this.maxStyleChecks) {
          this.stats.backgroundBudgetExhausted++;
          unchecked[i] = 1;
          continue;
        }
        styleChecks++;
        const v = geo.backgroundImage(c.el);
        bgValues[i] = v && v !== 'none' ? v : null;
        continue;
      }
      boxes[i] = geo.box(c.el);
      if (c.kind === K_IMG) loaded[i] = geo.loaded(c.el as HTMLImageElement);
    }

    const images: (Found | null | typeof SKIP)[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const c = cands[i]!;
      if (c.kind === K_META || unchecked[i]) {
        images[i] = SKIP;
      } else if (c.kind === K_BG) {
        const v = bgValues[i];
        const box = boxes[i];
        // No background (or too small to look): not a rejection, but a record this element owned before goes.
        images[i] = v && box ? this.fromBackground(c.el, v, box) : null;
      } else if (c.kind === K_IMG) {
        images[i] = this.fromImg(c.el as HTMLImageElement, boxes[i] ?? { width: 0, height: 0 }, loaded[i] ?? null);
      } else if (c.kind === K_POSTER) {
        images[i] = this.simple(c.el, c.el.getAttribute('poster'), 'poster', boxes[i] ?? null);
      } else {
        const href =
          c.el.getAttribute('href') ?? c.el.getAttributeNS(XLINK_NS, 'href') ?? c.el.getAttribute('xlink:href');
        images[i] = this.simple(c.el, href, 'svg-image', boxes[i] ?? null);
      }
    }
    return { images, metaSeen };
  }

  private inlineBackground(el: Element): string | null {
    const style = el.getAttribute('style');
    if (style && style.indexOf('url(') !== -1 && /background/i.test(style)) {
      const v = (el as HTMLElement).style?.backgroundImage;
      if (v && v.indexOf('url(') !== -1) return v;
    }
    const lazy = attr(el, LAZY_BG_ATTRS);
    if (lazy) return lazy.indexOf('url(') !== -1 ? lazy : `url("${lazy.replace(/["\\]/g, '\\$&')}")`;
    return null;
  }

  /** Size used by the rules: the rendering, else the loaded resource, else width/height attributes. */
  private ruleSize(el: Element, box: Size | null, natural: Size | null): Size {
    if (hasBox(box)) return box;
    if (hasBox(natural)) return natural;
    return { width: numAttr(el, 'width'), height: numAttr(el, 'height') };
  }

  private accept(url: string | null, size: Size, knownClean = false): boolean {
    if (!url || !reportable(url)) {
      this.stats.noUrl++;
      return false;
    }
    if (!knownClean && placeholderReason(url)) {
      this.stats.placeholder++;
      return false;
    }
    if (!passesSizeRules(size.width, size.height)) {
      this.stats.tooSmall++;
      return false;
    }
    return true;
  }

  private simple(el: Element, raw: string | null, source: ImageSource, box: Size | null): Found | null {
    const url = absoluteUrl(raw, this.base);
    const b = box ?? { width: 0, height: 0 };
    if (!this.accept(url, this.ruleSize(el, b, null))) return null;
    return { url: url!, source, natural: null, box: b, alt: altOf(el), block: elementOptOut(el) };
  }

  private fromBackground(el: Element, value: string, box: Size): Found | null {
    const url = absoluteUrl(cssImageUrl(value), this.base);
    if (!this.accept(url, box)) return null;
    return { url: url!, source: 'background', natural: null, box, alt: altOf(el), block: elementOptOut(el) };
  }

  private fromImg(img: HTMLImageElement, box: Size, loaded: LoadedImage | null): Found | null {
    const base = this.base;
    // One call for the attribute names, then reads only for attributes that exist.
    const names = img.getAttributeNames();
    let hasData = false;
    let hasOptOut = false;
    for (const n of names) {
      if (n.startsWith('data-')) {
        hasData = true;
        if (n === 'data-pin-nopin' || n === 'data-loupe-nosave') hasOptOut = true;
      } else if (n === 'nopin') hasOptOut = true;
    }

    const parent = img.parentElement;
    const picture = parent && parent.localName === 'picture' ? parent : null;
    const srcRaw = attrIf(img, names, 'src');
    const loadedReal = loaded && !(loaded.width <= 2 && loaded.height <= 2) ? loaded : null;
    let lazySrc: string | null = null;
    let lazySrcset: string | null = null;
    if (hasData) {
      lazySrc = attrIf(img, names, 'data-src') || attrIf(img, names, 'data-lazy-src') || attrIf(img, names, 'data-original');
      lazySrcset = attrIf(img, names, 'data-srcset') || attrIf(img, names, 'data-lazy-srcset');
    }
    const lazySources = picture ? this.pictureSources(picture, true) : [];
    const hasLazy = !!(lazySrc || lazySrcset || lazySources.length);
    const srcset = picture ? null : attrIf(img, names, 'srcset');
    // Resolve src only when it can matter (lazy decision, fallback URL, picture).
    const src = hasLazy || !srcset || picture ? absoluteUrl(srcRaw, base) : null;
    const srcPlaceholder = hasLazy && (!src || placeholderReason(src) !== null);

    let url: string | null;
    let source: ImageSource = picture ? 'picture' : 'img';
    let natural: Size | null;
    const aspect = loadedReal ?? (hasBox(box) ? box : null);

    // Lazy attributes win while the real image is not there: placeholder src, not loaded, or a
    // loaded low-quality preview (LQIP, a few dozen pixels wide).
    if (hasLazy && (srcPlaceholder || !loadedReal || Math.max(loadedReal.width, loadedReal.height) < MIN_LONG_SIDE)) {
      source = 'lazy';
      const fromSource = lazySources[0];
      if (fromSource) {
        url = fromSource.url;
        natural = fromW(fromSource.w, aspect);
      } else {
        const best = largestSrcsetUrl(lazySrcset);
        url = absoluteUrl(best?.url ?? lazySrc, base);
        natural = fromW(best?.w, aspect);
      }
    } else if (picture) {
      if (loadedReal) {
        const current = cleanAbsolute(this.geo.currentSrc(img));
        url = current;
        natural = loadedReal;
        // Offer the largest candidate of the source the browser chose.
        for (const s of [...Array.from(picture.querySelectorAll(':scope > source')), img]) {
          const set = s.getAttribute('srcset');
          if (!set || !current || !this.srcsetContains(set, current)) continue;
          const best = largestSrcsetUrl(set);
          const bestUrl = absoluteUrl(best?.url, base);
          if (bestUrl) url = bestUrl;
          natural = densityNatural(best, bestUrl === current, loadedReal, aspect);
          break;
        }
      } else {
        const first = this.pictureSources(picture, false)[0];
        if (first) {
          url = first.url;
          natural = fromW(first.w, aspect);
        } else {
          const best = largestSrcsetUrl(attrIf(img, names, 'srcset'));
          url = best ? absoluteUrl(best.url, base) : src;
          natural = fromW(best?.w, aspect);
        }
      }
    } else {
      const best = largestSrcsetUrl(srcset);
      const bestUrl = best ? absoluteUrl(best.url, base) : null;
      url = bestUrl ?? src ?? absoluteUrl(srcRaw, base);
      if (!loadedReal) natural = fromW(best?.w, aspect);
      else if (!bestUrl) natural = loadedReal;
      else if (best?.w) natural = fromW(best.w, aspect);
      else natural = densityNatural(best, bestUrl === cleanAbsolute(this.geo.currentSrc(img)), loadedReal, aspect);
    }
    if (!this.accept(url, this.ruleSize(img, box, loadedReal), hasLazy && url === src && !srcPlaceholder)) return null;
    const alt = attrIf(img, names, 'alt') || attrIf(img, names, 'aria-label') || attrIf(img, names, 'title');
    const block = hasOptOut ? elementOptOut(img) : null;
    return { url: url!, source, natural, box, alt: alt ? cleanText(alt, 300) : '', block };
  }

  private srcsetContains(set: string, absolute: string): boolean {
    for (const part of set.split(',')) {
      const raw = part.trim().split(/\s+/)[0];
      if (raw && absoluteUrl(raw, this.base) === absolute) return true;
    }
    return false;
  }

  /**
   * `<source>` elements of a picture that apply (media matches, image type),
   * each reduced to its largest candidate (resolved). `lazy` reads
   * data-srcset instead of srcset.
   */
  private pictureSources(picture: Element, lazy: boolean): { url: string; w?: number }[] {
    const out: { url: string; w?: number }[] = [];
    for (const s of Array.from(picture.children)) {
      if (s.localName !== 'source') continue;
      const set = lazy ? attr(s, LAZY_SRCSET_ATTRS) : s.getAttribute('srcset');
      if (!set) continue;
      const media = s.getAttribute('media');
      if (media && media.trim() && !this.geo.mediaMatches(media)) continue;
      const type = s.getAttribute('type');
      if (type && !/^image\//i.test(type.trim())) continue;
      const best = largestSrcsetUrl(set);
      const url = absoluteUrl(best?.url, this.base);
      if (url) out.push(best?.w ? { url, w: best.w } : { url });
    }
    return out;
  }

  // ----------------------------------------------------------------- dedupe

  private dropOwned(el: Element, changes: Changes): void {
    const prev = this.elementUrl.get(el);
    if (!prev) return;
    this.elementUrl.delete(el);
    const e = this.entries.get(prev);
    if (e && e.el === el) {
      this.entries.delete(prev);
      changes.removed.add(prev);
    }
  }

  private upsert(
    f: Found,
    el: Element,
    inShadow: boolean,
    changes: Changes,
  ): void {
    const { added, updated } = changes;
    const prev = this.elementUrl.get(el);
    if (prev && prev !== f.url) this.dropOwned(el, changes);
    this.elementUrl.set(el, f.url);
    const block = f.block;
    const existing = this.entries.get(f.url);
    if (!existing) {
      const record = this.newRecord(f, el, inShadow);
      const entry: Entry = { record, el, imageBlock: block };
      this.applyBlock(entry);
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
      const link = nearestLink(el, this.base) ?? (existing.el === el ? null : r.linkUrl);
      const alt = f.alt || (existing.el === el ? '' : r.alt);
      const nw = f.natural?.width ?? (existing.el === el ? null : r.naturalWidth);
      const nh = f.natural?.height ?? (existing.el === el ? null : r.naturalHeight);
      if (
        existing.el !== el || w !== r.renderedWidth || h !== r.renderedHeight || r.source !== f.source ||
        r.alt !== alt || r.linkUrl !== link || r.naturalWidth !== nw || r.naturalHeight !== nh
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
        existing.el = el;
        changed = true;
      }
    } else {
      if (!r.alt && f.alt) {
        r.alt = f.alt;
        changed = true;
      }
      if (!r.linkUrl) {
        const link = nearestLink(el, this.base);
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
    if (this.applyBlock(existing)) changed = true;
    if (changed && !added.has(r)) updated.add(r);
  }

  private newRecord(f: Found, el: Element, inShadow: boolean): ImageRecord {
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
      linkUrl: nearestLink(el, this.base),
      frameUrl: this.frameUrl,
      inShadowRoot: inShadow,
      hoverEligible: isHoverEligible(width, height),
      saveAllowed: true,
      blockedReason: null,
      blockedDetail: null,
    };
  }

  /** Recompute saveAllowed / blockedReason; returns whether anything changed. */
  private applyBlock(e: Entry, optOut: PageOptOut | null = this.optOut): boolean {
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
}

/**
 * Merge records from several frames (top frame first) into one list, one
 * entry per URL keeping the largest rendering. A page-level opt-out of the
 * top frame blocks every frame's images.
 */
export function mergeFrameRecords(lists: readonly (readonly ImageRecord[])[], topOptOut: PageOptOut | null = null): ImageRecord[] {
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

