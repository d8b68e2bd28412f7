/**
 * The real picture behind a placeholder, when the page keeps it in a `<noscript>`: Medium-style
 * pages show a blurred 60 px preview with the real image in a sibling `<noscript>`, older
 * next/image a 1×1 GIF (`data-nimg`) with the real `srcset` there. With scripting on, a
 * `<noscript>`'s content is plain text: it is parsed into an inert document (DOMParser runs no
 * script and loads nothing), never inserted into the page.
 */
import { MIN_LONG_SIDE } from './rules';
import { largestSrcsetUrl } from './srcset';
import type { Size } from './types';
import { absoluteUrl, placeholderReason } from './url';

/** A blurred preview's class (`blur-up`, `lqip`) or style (`filter: blur(…)`). */
const BLURRED = /blur|lqip/i;

/**
 * Whether `img` shows a stand-in for another picture: no URL, a data: URI or placeholder file,
 * a loaded preview too small to offer, or a blurred preview (LQIP).
 */
export function showsPlaceholder(img: Element, url: string | null, loaded: Size | null): boolean {
  return (
    !url ||
    url.startsWith('data:') ||
    !!placeholderReason(url) ||
    (!!loaded && Math.max(loaded.width, loaded.height) < MIN_LONG_SIDE) ||
    BLURRED.test(img.getAttribute('class') ?? '') ||
    BLURRED.test(img.getAttribute('style') ?? '')
  );
}

/**
 * The largest picture (every `srcset` candidate and `src`) of a `<noscript>` beside `img`: in
 * its figure, or a sibling of the img or of its `<picture>`. Resolved against `base`; null when none.
 */
export function noscriptPicture(img: Element, base: string): string | null {
  const holder = img.parentElement?.localName === 'picture' ? img.parentElement : img;
  const noscript =
    img.closest('figure')?.querySelector('noscript') ?? holder.parentElement?.querySelector(':scope>noscript');
  if (!noscript) return null;
  // Where scripting is off the parser made real elements (the scan sees them anyway); else parse the text.
  const root = noscript.firstElementChild
    ? noscript
    : new DOMParser().parseFromString(noscript.textContent ?? '', 'text/html');
  const all = Array.from(root.querySelectorAll('img,source'), (el) => [
    el.getAttribute('srcset'),
    el.getAttribute('src'),
  ]);
  return absoluteUrl(largestSrcsetUrl(all.flat().join(' , '))?.url, base);
}
