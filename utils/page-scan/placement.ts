/**
 * Where an image sits on its page, for ranking the list (the background sorts by it, see rank.ts).
 * Read only for images that pass the rules.
 */
import { namesChrome } from './chrome-names';
import type { Placement } from './types';

/** Typed to take the null of an element without a role, which it does not hold. */
const CHROME_ROLES = new Set<string | null>('navigation banner contentinfo complementary'.split(' '));

/** What one element says of the area it opens, if it opens one. */
type Area = 'main' | 'chrome' | 'header' | null;

/** Elements that open an area by their tag alone (their names, separated by spaces). */
export const AREA_TAGS = 'header article aside main footer nav';
/** Elements that may open an area by an attribute; areaOf says which do. */
export const AREA_ATTRIBUTES = '[role],[class*=gallery],[class*=carousel]';

/**
 * What a whole-document pass knows of its page's areas: the elements that open one by their tag
 * ({@link AREA_TAGS}), noted by the pass's walk, which reads every element's tag anyway and visits
 * an element before anything inside it, and those that may by an attribute ({@link AREA_ATTRIBUTES}),
 * from the query the walk makes at its start anyway (see collect.ts). Each per-tag list or query of
 * its own would be one more walk of the whole document: about 1 ms each on a 15,000-element page.
 * It may hold other elements too: {@link areaOf} judges each one it meets.
 */
export type PageAreas = Set<Element>;

/**
 * The page's main content is main, article, `[role=main]` or a product gallery (a class containing
 * "gallery" or "carousel"); chrome is nav, aside, footer or their roles; a `header` is chrome
 * only outside the main content (an article's own header holds its lead photo).
 */
function areaOf(el: Element): Area {
  const tag = el.localName;
  if (tag === 'main' || tag === 'article') return 'main';
  const role = el.getAttribute('role');
  if (role === 'main') return 'main';
  const cls = el.getAttribute('class');
  if (cls && (cls.includes('gallery') || cls.includes('carousel'))) return 'main';
  if (tag === 'nav' || tag === 'aside' || tag === 'footer' || CHROME_ROLES.has(role)) return 'chrome';
  return tag === 'header' ? 'header' : null;
}

/**
 * `inShadow`: the element is in a shadow tree, which a document query does not see into.
 * `named`: false when the element is known to have neither a class nor an id (nothing to read).
 */
export type PlacementReader = (el: Element, inShadow?: boolean, named?: boolean) => Placement;

/**
 * Places images for one pass. The nearest area above an element decides, so each element's answer
 * is remembered and images sharing a list, figure or gallery walk up only to it: the pass costs
 * about the number of distinct elements on the images' paths, not images × depth.
 *
 * `pageAreas`: a whole-document pass knows the page's areas (a page has a handful), so the walk up
 * asks a Set instead of reading attributes at every level, and a page without any area costs no
 * walk at all. Small incremental passes, and single elements, read attributes instead.
 */
export function placementReader(pageAreas?: PageAreas): PlacementReader {
  /** Element → the placement its nearest area gives (null: inside no area). */
  const within = new Map<Element, 'main' | 'chrome' | null>();
  const path: Element[] = [];

  function areaPlacement(el: Element, inShadow: boolean): 'main' | 'chrome' | null {
    const known = inShadow ? undefined : pageAreas;
    if (known?.size === 0) return null;
    const isArea = (node: Element): Area => (known ? (known.has(node) ? areaOf(node) : null) : areaOf(node));
    let placed: 'main' | 'chrome' | null = null;
    for (let node: Element | null = el; node; node = node.parentElement) {
      const remembered = within.get(node);
      if (remembered !== undefined) {
        placed = remembered;
        break;
      }
      path.push(node);
    }
    // Top-down: each element's answer is its own area's, or else its parent's.
    for (let i = path.length - 1; i >= 0; i--) {
      const area = isArea(path[i]!);
      if (area === 'header') placed = placed === 'main' ? 'main' : 'chrome';
      else if (area) placed = area;
      within.set(path[i]!, placed);
    }
    path.length = 0;
    return placed;
  }

  /** `chrome` for an image whose class or id names a logo, avatar or share icon; else its area's, or `other`. */
  return (el, inShadow = false, named = true) =>
    named && (namesChrome(el.getAttribute('class')) || namesChrome(el.id))
      ? 'chrome'
      : (areaPlacement(el, inShadow) ?? 'other');
}
