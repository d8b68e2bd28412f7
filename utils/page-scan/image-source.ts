/**
 * Picking the URL an element shows, and the natural size that goes with it:
 * the largest `srcset` candidate, the `<source>` a `<picture>` chooses, a lazy
 * loader's `data-*` attributes while the real image is not there yet, or the
 * url() of a CSS background. Judging the result is classify's business.
 */
import { hasBox } from './geometry';
import type { Geometry, LoadedImage } from './geometry';
import { MIN_LONG_SIDE } from './rules';
import { largestSrcsetUrl } from './srcset';
import type { SrcsetCandidate } from './srcset';
import type { ImageSource, Size } from './types';
import { absoluteUrl, cleanAbsolute, placeholderReason } from './url';

/** What URL picking needs from the page: the base to resolve against, and layout. */
export interface SourceContext {
  base: string;
  geo: Geometry;
}

/** The image an `<img>` shows, before the rules judge it. */
export interface ImgPick {
  url: string | null;
  source: ImageSource;
  natural: Size | null;
  /** The loaded resource's size, unless it is a 1×1-ish placeholder. */
  loaded: Size | null;
  /** The URL is the img's own src, kept over lazy attributes because it is no placeholder (already checked). */
  knownClean: boolean;
  /** alt, else aria-label, else title, as written. */
  label: string | null;
  /** The img carries an opt-out attribute (data-pin-nopin, nopin, data-loupe-nosave). */
  mayOptOut: boolean;
  /** The img has a class or an id, which may name it a logo, avatar or share icon (placement.ts). */
  named: boolean;
}

const XLINK_NS = 'http://www.w3.org/1999/xlink';
/** An img outside a picture has no sources: one shared empty list rather than one per image. */
const NO_SOURCES: readonly { url: string; w?: number }[] = [];
const LAZY_SRCSET_ATTRS = ['data-srcset', 'data-lazy-srcset'] as const;
const LAZY_BG_ATTRS = ['data-bg', 'data-background-image'] as const;
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

/** A background written in the element's attributes: an inline style with a url(), else a lazy `data-bg` (as a CSS value). */
export function inlineBackground(el: Element): string | null {
  const style = el.getAttribute('style');
  if (style && style.indexOf('url(') !== -1 && /background/i.test(style)) {
    const v = (el as HTMLElement).style?.backgroundImage;
    if (v && v.indexOf('url(') !== -1) return v;
  }
  const lazy = attr(el, LAZY_BG_ATTRS);
  if (lazy) return lazy.indexOf('url(') !== -1 ? lazy : `url("${lazy.replace(/["\\]/g, '\\$&')}")`;
  return null;
}

/** The href of an SVG `<image>` (SVG 2 `href`, else the older `xlink:href`). */
export function svgImageHref(el: Element): string | null {
  return el.getAttribute('href') ?? el.getAttributeNS(XLINK_NS, 'href') ?? el.getAttribute('xlink:href');
}

/** How an element labels its image: alt, else aria-label, else title, as written. */
export function labelOf(el: Element): string | null {
  return el.getAttribute('alt') || el.getAttribute('aria-label') || el.getAttribute('title');
}

/**
 * The image an `<img>` shows: `srcset`, the `<source>` of its `<picture>`, or
 * the lazy attributes while the real image is not there (placeholder src, not
 * loaded, or a loaded low-quality preview).
 */
export function imgSource(img: HTMLImageElement, box: Size, loaded: LoadedImage | null, page: SourceContext): ImgPick {
  const base = page.base;
  // One call for the attribute names, then reads only for attributes that exist.
  const names = img.getAttributeNames();
  let hasData = false;
  let mayOptOut = false;
  let named = false;
  for (const n of names) {
    if (n.startsWith('data-')) {
      hasData = true;
      if (n === 'data-pin-nopin' || n === 'data-loupe-nosave') mayOptOut = true;
    } else if (n === 'nopin') mayOptOut = true;
    else if (n === 'class' || n === 'id') named = true;
  }

  const parent = img.parentElement;
  const picture = parent && parent.localName === 'picture' ? parent : null;
  const srcRaw = attrIf(img, names, 'src');
  const loadedReal = loaded && !(loaded.width <= 2 && loaded.height <= 2) ? loaded : null;
  let lazySrc: string | null = null;
  let lazySrcset: string | null = null;
  if (hasData) {
    lazySrc =
      attrIf(img, names, 'data-src') || attrIf(img, names, 'data-lazy-src') || attrIf(img, names, 'data-original');
    lazySrcset = attrIf(img, names, 'data-srcset') || attrIf(img, names, 'data-lazy-srcset');
  }
  const lazySources = picture ? pictureSources(picture, true, page) : NO_SOURCES;
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
      const current = cleanAbsolute(page.geo.currentSrc(img));
      url = current;
      natural = loadedReal;
      // Offer the largest candidate of the source the browser chose.
      for (const s of [...picture.querySelectorAll(':scope > source'), img]) {
        const set = s.getAttribute('srcset');
        if (!set || !current || !srcsetContains(set, current, base)) continue;
        const best = largestSrcsetUrl(set);
        const bestUrl = absoluteUrl(best?.url, base);
        if (bestUrl) url = bestUrl;
        natural = densityNatural(best, bestUrl === current, loadedReal, aspect);
        break;
      }
    } else {
      const first = pictureSources(picture, false, page)[0];
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
    else natural = densityNatural(best, bestUrl === cleanAbsolute(page.geo.currentSrc(img)), loadedReal, aspect);
  }
  return {
    url,
    source,
    natural,
    loaded: loadedReal,
    knownClean: hasLazy && url === src && !srcPlaceholder,
    label: attrIf(img, names, 'alt') || attrIf(img, names, 'aria-label') || attrIf(img, names, 'title'),
    mayOptOut,
    named,
  };
}

/**
 * `<source>` elements of a picture that apply (media matches, image type),
 * each reduced to its largest candidate (resolved). `lazy` reads
 * data-srcset instead of srcset.
 */
function pictureSources(picture: Element, lazy: boolean, page: SourceContext): { url: string; w?: number }[] {
  const out: { url: string; w?: number }[] = [];
  for (const s of picture.children) {
    if (s.localName !== 'source') continue;
    const set = lazy ? attr(s, LAZY_SRCSET_ATTRS) : s.getAttribute('srcset');
    if (!set) continue;
    const media = s.getAttribute('media');
    if (media && media.trim() && !page.geo.mediaMatches(media)) continue;
    const type = s.getAttribute('type');
    if (type && !/^image\//i.test(type.trim())) continue;
    const best = largestSrcsetUrl(set);
    const url = absoluteUrl(best?.url, page.base);
    if (url) out.push(best?.w ? { url, w: best.w } : { url });
  }
  return out;
}

function srcsetContains(set: string, absolute: string, base: string): boolean {
  for (const part of set.split(',')) {
    const raw = part.trim().split(/\s+/)[0];
    if (raw && absoluteUrl(raw, base) === absolute) return true;
  }
  return false;
}

/**
 * Pixel size of the offered srcset candidate. The browser's naturalWidth of a
 * srcset-selected image is divided by its density (w / sizes, or the x
 * descriptor), so it is only used to recover the aspect ratio / scale back.
 */
function densityNatural(
  best: SrcsetCandidate | null,
  isLoaded: boolean,
  loaded: Size,
  aspect: Size | null,
): Size | null {
  if (best?.w) return fromW(best.w, aspect);
  if (isLoaded && best?.x)
    return { width: Math.round(loaded.width * best.x), height: Math.round(loaded.height * best.x) };
  return null;
}

/** Size of a `w`-descriptor candidate, height from the aspect ratio. */
function fromW(w: number | undefined, aspect: Size | null): Size | null {
  return w && aspect ? { width: w, height: Math.round((w * aspect.height) / aspect.width) } : null;
}

/** The first of `names` with a non-blank value. */
function attr(el: Element, names: readonly string[]): string | null {
  for (const n of names) {
    const v = el.getAttribute(n);
    if (v && v.trim()) return v;
  }
  return null;
}

/** Attribute `n`, read only when it is among the element's attribute `names`. */
function attrIf(el: Element, names: readonly string[], n: string): string | null {
  return names.includes(n) ? el.getAttribute(n) : null;
}
