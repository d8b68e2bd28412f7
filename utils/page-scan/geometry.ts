/**
 * Everything the scanner needs from layout goes through this interface, so
 * unit tests (happy-dom does no layout) can supply sizes and the real code
 * reads them in one batch after collecting candidates (no writes in between,
 * so the browser lays out at most once per scan).
 */
import type { Size } from './types';

/** naturalWidth / naturalHeight of a loaded <img>. */
export type LoadedImage = Size;

export interface Geometry {
  /** Rendered CSS-pixel box (layout size, before transforms); 0 × 0 when not rendered. */
  box(el: Element): Size;
  /**
   * Natural size of the resource of an <img> that is done loading (ask {@link loading} first), or
   * null when it failed. Not asked again whether it is done: most images on a page are, and each
   * question is a call into the browser.
   */
  loaded(img: HTMLImageElement): LoadedImage | null;
  /** Whether an <img> is still to load: downloading, or deferred by `loading="lazy"` until it nears the viewport. */
  loading(img: HTMLImageElement): boolean;
  /**
   * An element's rendered box (transforms included) and its top in the document, from one layout
   * read: less than the box and the top read apart. A whole-document pass asks it for some imgs
   * only (see {@link sampledPlaces}).
   */
  placedBox(el: Element): PlacedBox;
  /** The URL an <img> actually loaded (absolute); asked only when needed (picture, x-descriptor srcset). */
  currentSrc(img: HTMLImageElement): string;
  /** Computed `background-image` of an element (called only for large elements, under a budget). */
  backgroundImage(el: Element): string;
  /** Whether a `<source media>` query matches. */
  mediaMatches(query: string): boolean;
}

/** A rendered box and where it starts in its document. */
export interface PlacedBox extends Size {
  /** CSS px from the top of the document. */
  top: number;
}

/** Whether a size has area (an element not rendered, or an image not loaded, has none). */
export function hasBox(s: Size | null | undefined): s is Size {
  return !!s && s.width > 0 && s.height > 0;
}

/** The real implementation: offset sizes (getBoundingClientRect for SVG), naturalWidth, getComputedStyle, matchMedia. */
export function domGeometry(win: Window & typeof globalThis = window): Geometry {
  const mediaCache = new Map<string, boolean>();
  // The scroll offset, read once per task: reading it is a call into the browser that costs as much
  // as the box itself, and it cannot change while the scan's synchronous slice runs.
  let scrolled: number | undefined;
  const scrollY = () => {
    if (scrolled === undefined) {
      scrolled = win.scrollY;
      queueMicrotask(() => (scrolled = undefined));
    }
    return scrolled;
  };
  return {
    box(el) {
      // offsetWidth/Height read the same layout box without building a DOMRect or mapping
      // transforms: about half the cost per element, which adds up over thousands of images.
      // Each read is a call into layout (0.6–0.8 µs here even when layout is clean): read the width once.
      const width = (el as HTMLElement).offsetWidth;
      if (width !== undefined) return { width, height: (el as HTMLElement).offsetHeight };
      const r = el.getBoundingClientRect(); // SVG elements have no offset box
      return { width: r.width, height: r.height };
    },
    loaded(img) {
      if (img.naturalWidth === 0) return null;
      return { width: img.naturalWidth, height: img.naturalHeight };
    },
    loading(img) {
      return !img.complete;
    },
    placedBox(el) {
      // The visual box (transforms included), unlike offset sizes: a scaled img is judged as shown.
      const r = el.getBoundingClientRect();
      return {
        width: Math.round(r.width),
        height: Math.round(r.height),
        top: Math.max(0, Math.round(r.top + scrollY())),
      };
    },
    currentSrc(img) {
      return img.currentSrc || img.src;
    },
    backgroundImage(el) {
      return win.getComputedStyle(el).backgroundImage;
    },
    mediaMatches(query) {
      let m = mediaCache.get(query);
      if (m === undefined) {
        try {
          m = win.matchMedia(query).matches;
        } catch {
          m = false;
        }
        mediaCache.set(query, m);
      }
      return m;
    },
  };
}

/** Reads an img's box and its top for one pass (see {@link sampledPlaces}). */
export type PlaceReader = (el: Element) => PlacedBox;

/** How many of a pass's imgs, in document order, are placed to the pixel before the pass samples. */
const PLACED_FIRST = 200;
/** After those, one img in this many is placed (a power of two: the test is a bit mask). */
const PLACED_EVERY = 8;

/**
 * Where a whole-document pass's imgs sit, sampled. The rank needs each image's top (rank.ts), and
 * an img's box with its top (one `getBoundingClientRect()`) costs about a third more than its box
 * alone (offset sizes): 0.5–1 ms on a page of 3,000 images. The depth only tells the first
 * screens from further down, and a page's first images in document order are those screens. So a
 * pass places its first {@link PLACED_FIRST} imgs, then one in {@link PLACED_EVERY}; an img in
 * between takes the top of the one last placed, which it follows in the document, so in the
 * page's flow it sits about as deep (a grid of cards: a row or so). Its box is its layout box,
 * which leaves out transforms. Passes over what changes later (an img that loads, one the page
 * adds) place every img.
 */
export function sampledPlaces(geo: Geometry): PlaceReader {
  let seen = 0;
  let top = 0;
  return (el) => {
    if (seen++ < PLACED_FIRST || !(seen & (PLACED_EVERY - 1))) {
      const placed = geo.placedBox(el);
      // An img not rendered (hidden, in a closed menu) sits nowhere: its neighbours keep the last top.
      if (placed.width) top = placed.top;
      return placed;
    }
    return { ...geo.box(el), top };
  };
}
