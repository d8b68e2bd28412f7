/**
 * Where an image sits on its page, for ranking the list (the background sorts by it, see rank.ts).
 * Read only for images that pass the rules: a few attribute reads and one native `closest`.
 */
import type { Placement } from './types';

/** Words that name page chrome in an image's class, id, alt or file name (not inside a longer word). */
const CHROME_WORD = /(?<![a-z])(?:logo|avatar|author|profile|share|social|icon|badge|sprite|emoji)/i;
/** The page's main content: main, article, a product gallery. */
const MAIN_AREA = 'main,article,[role=main],[class*=gallery],[class*=carousel]';
/** The page's chrome areas (a `header` counts only outside the main content: an article's own header is content). */
const CHROME_AREA = 'nav,aside,footer,[role=navigation],[role=banner],[role=contentinfo],[role=complementary]';

/**
 * `chrome` for a logo, avatar or share icon (by its own names); else the nearest area decides:
 * `main` inside main content, `chrome` inside nav, aside, footer or the site's header; else `other`.
 */
export function placementOf(el: Element, url: string): Placement {
  const path = url.startsWith('data:') ? '' : url.split('?')[0]!;
  const file = path.slice(path.lastIndexOf('/'));
  if (CHROME_WORD.test(`${el.getAttribute('class')} ${el.id} ${el.getAttribute('alt')} ${file}`)) return 'chrome';
  const area = el.closest(`${MAIN_AREA},${CHROME_AREA}`);
  if (area) return area.matches(MAIN_AREA) ? 'main' : 'chrome';
  return el.closest('header') ? 'chrome' : 'other';
}
