/**
 * The per-page image scanner. `scanRootInSlices()` does the initial pass,
 * `scanAdded(nodes)` handles MutationObserver additions (and attribute
 * changes: pass the mutated element), touching only those subtrees.
 *
 * Each pass only reads the DOM (never writes), so the browser lays out at
 * most once per pass:
 * 1. collect candidates (collect.ts): one walk over the elements, open shadow
 *    roots included, measuring possible stylesheet backgrounds top-down;
 * 2. classify them (classify.ts): geometry in one batch, the URL each shows
 *    (image-source.ts), and the size, placeholder and opt-out rules;
 * 3. dedupe by URL (dedupe.ts): the largest rendering wins.
 * A long initial pass runs in slices (slices.ts).
 *
 * The top frame does not look into iframes: the content script runs in every
 * frame (all_frames), each scanner stamps its records with its `frameUrl`,
 * and {@link mergeFrameRecords} merges the frames' lists.
 */
import { classify, SKIP } from './classify';
import type { RejectionCounters } from './classify';
import { createCollector } from './collect';
import type { Candidate, Collector, DocumentWalk } from './collect';
import { deltaOf, noChanges, RecordsByUrl } from './dedupe';
import type { Changes } from './dedupe';
import { domGeometry, sampledPlaces } from './geometry';
import type { Geometry, PlaceReader } from './geometry';
import { readPageOptOut } from './optout';
import { placementReader } from './placement';
import type { PageAreas, PlacementReader } from './placement';
import type { PageOptOut } from './optout';
import { runInSlices } from './slices';
import type { SliceOptions, SlicedScanStats } from './slices';
import type { ImageRecord, ScanDelta } from './types';
import { MAX_URL_LENGTH } from './url';

export { cssImageUrl } from './image-source';
export { mergeFrameRecords } from './dedupe';
export { yieldToPage } from './slices';
export type { SliceOptions, SlicedScanStats } from './slices';

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

/** What a whole-document pass keeps across its slices: what it learns of the page's areas, and how far down its images are. */
interface RootPass {
  placementOf: PlacementReader;
  placed: PlaceReader;
}

/** Counters of what a scanner rejected (for diagnostics and tests). */
export interface ScanStats extends RejectionCounters {
  duplicate: number;
}

/**
 * Elements visited (and what they yield classified) between two looks at the clock: about 1 ms of
 * work on a slow machine, and few enough classify calls that their fixed cost stays small.
 */
const CHUNK = 192;

export class PageScanner {
  readonly frameUrl: string;
  readonly stats: ScanStats = { tooSmall: 0, placeholder: 0, noUrl: 0, duplicate: 0, backgroundBudgetExhausted: 0 };
  /** Called for each open shadow root found, so an observer can watch inside it too. */
  onShadowRoot: ((root: ShadowRoot) => void) | null = null;

  private readonly doc: Document;
  private readonly geo: Geometry;
  private readonly maxStyleChecks: number;
  private readonly index: RecordsByUrl;
  private readonly collector: Collector;
  /** The page-level opt-out in force, if any. */
  protected optOut: PageOptOut | null = null;
  /** Whether a first pass has started: from then on `optOut` follows the page's meta elements. */
  private rootPassed = false;

  constructor(options: ScannerOptions = {}) {
    this.doc = options.document ?? document;
    const view = this.doc.defaultView;
    this.geo = options.geometry ?? domGeometry((view ?? window) as Window & typeof globalThis);
    const u = options.frameUrl ?? this.doc.URL;
    const hash = u.indexOf('#');
    this.frameUrl = (hash === -1 ? u : u.slice(0, hash)).slice(0, MAX_URL_LENGTH);
    this.maxStyleChecks = options.maxStyleChecks ?? 300;
    this.index = new RecordsByUrl(this.frameUrl, this.stats);
    this.collector = createCollector({
      geometry: this.geo,
      maxBoxChecks: options.maxBoxChecks ?? 600,
      stats: this.stats,
      ownsRecord: (el) => this.index.owns(el),
      onShadowRoot: (root) => this.onShadowRoot?.(root),
    });
  }

  /** All records, in discovery order. Treat them as read-only. */
  records(): ImageRecord[] {
    return this.index.records();
  }

  /** The element currently showing the largest rendering of `url` (for the hover button / scroll-into-view). */
  elementFor(url: string): Element | null {
    return this.index.elementFor(url);
  }

  /**
   * The initial pass over the whole document, in slices of about `sliceMs`
   * main-thread time with the page running in between, so a huge page never
   * sees a long task from Loupe. `onDelta` receives each slice's findings (the
   * first one may be empty); records are usable as soon as it is called.
   */
  scanRootInSlices(onDelta: (delta: ScanDelta) => void, options: SliceOptions = {}): Promise<SlicedScanStats> {
    return runInSlices(() => {
      // Collection streams with processing: visit a chunk of elements, then classify what it
      // found, so even collecting a huge DOM is spread over slices.
      const { walk, pass } = this.startRootPass();
      let processed = 0;
      let changes = noChanges();
      return {
        done: () => walk.done && processed >= walk.cands.length,
        step: () => {
          walk.visitNext(CHUNK);
          // Elements the page removed since the query are skipped (the observer prunes their records).
          this.process(
            walk.cands.slice(processed).filter((c) => c.el.isConnected),
            changes,
            pass,
          );
          processed = walk.cands.length;
        },
        endSlice: () => {
          onDelta(deltaOf(changes));
          changes = noChanges();
        },
      };
    }, options);
  }

  /**
   * Incremental pass: scan only `nodes` (MutationRecord.addedNodes, or the
   * target of an attribute mutation) and their subtrees. Safe to call with
   * nodes already scanned: they are re-evaluated, not duplicated.
   */
  scanAdded(nodes: Iterable<Node>): ScanDelta {
    const cands = this.collector.collectAdded(nodes);
    const changes = noChanges();
    this.process(cands, changes);
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
    const candidate = this.collector.candidateFor(el);
    if (!candidate) return null;
    const base = this.doc.baseURI;
    const found = classify([candidate], this.classifyContext(base)).images[0];
    if (!found || found === SKIP) return null;
    // Before a first pass the page's opt-out is not known yet: read it (a handful of meta elements).
    const optOut = this.rootPassed ? this.optOut : readPageOptOut(this.doc);
    return this.index.recordFor(found, el, candidate.inShadow, { base, optOut });
  }

  /** Open shadow roots found so far (an observer should watch them too). */
  shadowRoots(): ShadowRoot[] {
    return this.collector.shadowRoots();
  }

  /** Drop records whose element left the document. Returns the removed URLs. */
  prune(): string[] {
    this.collector.forgetDetachedShadowRoots();
    return this.index.prune();
  }

  /**
   * A new initial pass: the page-level opt-out, then the walk over the document. The pass has one
   * placement reader, for its own candidates only: it knows the areas the walk has passed so far
   * and remembers each ancestor. Incremental passes and single elements read attributes instead.
   * It also samples its imgs' tops (see sampledPlaces); the other passes, a few imgs each, place
   * every one.
   */
  protected startRootPass(): { walk: DocumentWalk; pass: RootPass } {
    this.optOut = readPageOptOut(this.doc);
    this.rootPassed = true;
    const areas: PageAreas = new Set();
    return {
      walk: this.collector.walkDocument(this.doc, areas),
      pass: { placementOf: placementReader(areas), placed: sampledPlaces(this.geo) },
    };
  }

  private classifyContext(base: string, pass?: RootPass) {
    // The browser keeps the count of its per-tag list until the document changes: asking per pass is cheap.
    const noscriptOnPage = this.doc.getElementsByTagName('noscript').length > 0;
    return { base, geo: this.geo, maxStyleChecks: this.maxStyleChecks, stats: this.stats, ...pass, noscriptOnPage };
  }

  /**
   * Classifies `cands` and records what changed in `changes`. Only a root pass brings its own
   * readers (`pass`); other passes place by reading attributes, and measure every top. A root pass has
   * also read the page's opt-out at its start, from the document its walk lists: the meta elements
   * it meets were all there then (one that changed since reaches the observer, whose pass reads
   * the opt-out again). Other passes read it afresh when they meet a meta element.
   */
  protected process(cands: readonly Candidate[], changes: Changes, pass?: RootPass): void {
    if (!cands.length) return;
    const base = this.doc.baseURI;
    const found = classify(cands, this.classifyContext(base, pass));
    if (found.metaSeen && !pass) {
      const next = readPageOptOut(this.doc);
      if (next?.reason !== this.optOut?.reason || next?.detail !== this.optOut?.detail) {
        this.optOut = next;
        this.index.reblock(next, changes);
      }
    }
    const page = { base, optOut: this.optOut };
    for (let i = 0; i < cands.length; i++) {
      const c = cands[i]!;
      const f = found.images[i];
      if (f === SKIP) continue;
      if (!f) this.index.drop(c.el, changes);
      else this.index.upsert(f, c.el, c.inShadow, page, changes);
    }
  }
}
