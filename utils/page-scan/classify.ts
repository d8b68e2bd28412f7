/**
 * Classifying candidates: does each one show a meaningful image? The imgs'
 * boxes are read in one batch (reads only: at most one layout). Then each
 * one's URL is picked (image-source.ts) and judged: a URL that can be reported,
 * no placeholder, and big enough by the size rules (rules.ts). What passes
 * carries its alt text and the image's own opt-out (optout.ts).
 */
import type { Candidate } from './collect';
import { hasBox } from './geometry';
import type { LoadedImage, PlacedBox, PlaceReader } from './geometry';
import { cssImageUrl, imgSource, inlineBackground, labelOf, svgImageHref } from './image-source';
import type { SourceContext } from './image-source';
import { noscriptPicture, showsPlaceholder } from './noscript';
import { cleanText, elementOptOut } from './optout';
import { placementReader } from './placement';
import type { PlacementReader } from './placement';
import { passesSizeRules } from './rules';
import type { BlockedReason, ImageSource, Placement, Size } from './types';
import { absoluteUrl, placeholderReason, reportable } from './url';

/** A meaningful image, as one element shows it. */
export interface Found {
  url: string;
  source: ImageSource;
  natural: Size | null;
  box: Size;
  alt: string;
  block: BlockedReason | null;
  placement: Placement;
  /** Top of the element in its document (CSS px). */
  top: number;
}

/** A candidate the classification did not look at (meta elements, backgrounds over the style budget): its record is left alone. */
export const SKIP = Symbol('skip');

/** For each candidate: the image it shows, null when it shows none (or one the rules reject), or {@link SKIP}. */
export type Verdict = Found | null | typeof SKIP;

/** Counters of what the rules turned away (the scanner's diagnostics). */
export interface RejectionCounters {
  tooSmall: number;
  placeholder: number;
  noUrl: number;
  backgroundBudgetExhausted: number;
}

export interface ClassifyContext extends SourceContext {
  /** The pass's placement reader (it remembers the page's areas across the pass's calls); else one per call. */
  placementOf?: PlacementReader;
  /** The pass's reader of imgs' boxes and tops (a whole-document pass samples tops: see sampledPlaces); else each is measured. */
  placed?: PlaceReader;
  /** Whether the page has a `<noscript>`, where a placeholder's real picture may be. */
  noscriptOnPage: boolean;
  /** Per pass: how many getComputedStyle calls (only for large elements). */
  maxStyleChecks: number;
  stats: RejectionCounters;
}

/** One classify call's context: the page's, and what it learns of the page's areas along the way. */
interface ClassifyPass extends ClassifyContext {
  placementOf: PlacementReader;
}

/** Alt text is kept to this many characters. */
const ALT_MAX = 300;

/**
 * Classifies each candidate (see {@link Verdict}). It only reads the page, never writes to it, so
 * the browser lays out at most once. `metaSeen`: a meta element was among them, so the page's
 * opt-out may have changed.
 */
export function classify(
  cands: readonly Candidate[],
  context: ClassifyContext,
): { images: Verdict[]; metaSeen: boolean } {
  // A root pass brings its reader; a copy of the context only for the others.
  const page = (context.placementOf ? context : { ...context, placementOf: placementReader() }) as ClassifyPass;
  const { geo, stats } = page;
  const n = cands.length;
  // The imgs' boxes first, in a loop of their own: thousands of layout reads in a row cost less
  // than the same reads between the rest of the work (measured: about 1 ms on the 3,000-card page).
  const boxes: PlacedBox[] = new Array<PlacedBox>(n);
  const loaded: (LoadedImage | null)[] = new Array<LoadedImage | null>(n);
  const loading = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = cands[i]!;
    if (c.kind !== 'img') continue;
    const img = c.el as HTMLImageElement;
    // Its top comes with its box (see sampledPlaces); an img still to load has no natural size to ask for.
    boxes[i] = (page.placed ?? geo.placedBox)(img);
    if (geo.loading(img)) loading[i] = 1;
    else loaded[i] = geo.loaded(img);
  }

  const images: Verdict[] = new Array(n);
  let styleChecks = 0;
  let metaSeen = false;
  for (let i = 0; i < n; i++) {
    const c = cands[i]!;
    const el = c.el;
    if (c.kind === 'img') {
      images[i] = fromImg(el as HTMLImageElement, boxes[i]!, loaded[i] ?? null, loading[i] === 1, c.inShadow, page);
    } else if (c.kind === 'background') {
      // Inline style / lazy attribute first: no computed style needed.
      let value = c.inline ? inlineBackground(el) : null;
      const box = value ? geo.box(el) : c.box;
      if (!value && box) {
        if (styleChecks >= page.maxStyleChecks) {
          stats.backgroundBudgetExhausted++;
          images[i] = SKIP;
          continue;
        }
        styleChecks++;
        const computed = geo.backgroundImage(el);
        value = computed !== 'none' ? computed : null;
      }
      // No background (or too small to look): not a rejection, but a record this element owned before goes.
      images[i] =
        value && box
          ? judge(el, absoluteUrl(cssImageUrl(value), page.base), 'background', box, box, page, c.inShadow)
          : null;
    } else if (c.kind === 'meta') {
      metaSeen = true;
      images[i] = SKIP;
    } else {
      const raw = c.kind === 'poster' ? el.getAttribute('poster') : svgImageHref(el);
      const box = geo.box(el);
      images[i] = judge(el, absoluteUrl(raw, page.base), c.kind, box, ruleSize(el, box, null), page, c.inShadow);
    }
  }
  return { images, metaSeen };
}

/**
 * The image an <img> shows. A placeholder gives way to the real picture in a `<noscript>` beside
 * it. An image still to load with a real URL and no size yet (no declared size, a box that is
 * empty or only its alt text) is listed provisionally: when it loads, the observer has it judged
 * again by its real size.
 */
function fromImg(
  img: HTMLImageElement,
  box: PlacedBox,
  loaded: LoadedImage | null,
  loading: boolean,
  inShadow: boolean,
  page: ClassifyPass,
): Found | null {
  let pick = imgSource(img, box, loaded, page);
  // Only where a <noscript> may be (a shadow tree's is not in the page's list) is a placeholder
  // looked behind; most pages have none, and their images skip the look.
  const mayHide = inShadow || page.noscriptOnPage;
  const placeholder = mayHide && showsPlaceholder(img, pick.url, pick.loaded);
  const real = placeholder && noscriptPicture(img, page.base);
  if (real) pick = { ...pick, url: real, source: 'noscript', natural: null, loaded: null, knownClean: false };
  const size = ruleSize(img, box, pick.loaded);
  // Before its resource arrives an img's box says nothing (0 × 0, or the box of its alt text):
  // without declared dimensions, a size that fails the rules is not believed yet.
  const provisional =
    (loading || pick.source === 'lazy' || pick.source === 'noscript') &&
    !pick.loaded &&
    !passesSizeRules(size.width, size.height) &&
    !img.hasAttribute('width');
  // Not a placeholder: its URL has just been checked for being one.
  if (!accept(pick.url, provisional ? null : size, page.stats, pick.knownClean || (mayHide && !placeholder)))
    return null;
  const block = pick.mayOptOut ? elementOptOut(img) : null;
  return {
    url: pick.url!,
    source: pick.source,
    natural: pick.natural,
    box,
    alt: cleanText(pick.label, ALT_MAX),
    block,
    placement: page.placementOf(img, inShadow, pick.named),
    top: box.top,
  };
}

/** A poster, SVG image or background: `url` judged at `size`, with the element's label and opt-out. */
function judge(
  el: Element,
  url: string | null,
  source: ImageSource,
  box: Size,
  size: Size,
  page: ClassifyPass,
  inShadow: boolean,
): Found | null {
  if (!accept(url, size, page.stats)) return null;
  return {
    url: url!,
    source,
    natural: null,
    box,
    alt: cleanText(labelOf(el), ALT_MAX),
    block: elementOptOut(el),
    placement: page.placementOf(el, inShadow),
    top: page.geo.placedBox(el).top,
  };
}

/** Size used by the rules: the rendering, else the loaded resource, else width/height attributes. */
function ruleSize(el: Element, box: Size | null, natural: Size | null): Size {
  if (hasBox(box)) return box;
  if (hasBox(natural)) return natural;
  return { width: numAttr(el, 'width'), height: numAttr(el, 'height') };
}

function numAttr(el: Element, name: string): number {
  const v = parseFloat(el.getAttribute(name) ?? '');
  return Number.isFinite(v) && v > 0 ? v : 0;
}

/**
 * The rules: a URL that can be reported, no placeholder (unless `knownClean`:
 * checked already), big enough (`size` null: not known yet, provisionally
 * accepted). Counts what it turns away.
 */
function accept(url: string | null, size: Size | null, stats: RejectionCounters, knownClean = false): boolean {
  if (!url || !reportable(url)) {
    stats.noUrl++;
    return false;
  }
  if (!knownClean && placeholderReason(url)) {
    stats.placeholder++;
    return false;
  }
  if (size && !passesSizeRules(size.width, size.height)) {
    stats.tooSmall++;
    return false;
  }
  return true;
}
