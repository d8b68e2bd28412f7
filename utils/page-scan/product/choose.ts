/**
 * Which of a page's product items is the one the page sells. A product page also carries
 * recommendations, "customers also bought" rows and variants, each marked up as a Product of
 * its own, before or after the page's own. No DOM here: the content script uses it to keep the
 * page's own product when it trims what it sends, the background to read it, and both agree.
 */
import { absoluteUrl } from '../url';
import { asArray, isObject, types } from './normalize';
import type { JsonObject } from './normalize';

/** What tells a page's own product from the others. */
export interface PageIdentity {
  /** Base for relative URLs (document.baseURI). */
  base: string;
  /** Page URL without hash. */
  pageUrl: string;
  /** `<link rel=canonical>`, or null. */
  canonical: string | null;
  /** The page's main heading (its `h1`), or null. */
  heading: string | null;
}

/** A URL compared loosely: no hash, no trailing slash, host in lower case (the URL parser does that). */
const urlKey = (u: string | null): string | undefined => u?.replace(/#.*/, '').replace(/\/+(?=\?|$)/, '');

/** Letters and digits only, lower case, entities dropped: "Linen Shirt &amp; Tie – White" and "linen shirt tie white" compare equal. */
export const looseText = (s: string | null): string =>
  (s ?? '')
    .toLowerCase()
    .replace(/&#?\w+;/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** Whether one loose text is the other, or (both long enough to mean something) contains it. */
export function sameLooseText(a: string, b: string): boolean {
  return a === b || (a.length > 3 && b.length > 3 && (a.includes(b) || b.includes(a)));
}

function urlMatches(node: JsonObject, page: PageIdentity): boolean {
  const urls = [node['url'], ...asArray(node['offers']).map((o) => (isObject(o) ? o['url'] : undefined))];
  return urls.some((u) => {
    const key = typeof u === 'string' && urlKey(absoluteUrl(u, page.base));
    return !!key && (key === urlKey(page.pageUrl) || key === urlKey(page.canonical));
  });
}

/**
 * The index of the page's own product among `nodes` (document order), or -1 when there is none:
 * the first whose url (or an offer's url) is the page or its canonical URL, else the first whose
 * name is the main heading (exactly, then one containing the other), else the first product
 * group (its variants are listed as products too), else the first with a name and offers,
 * else the first.
 */
export function ownProductIndex(nodes: readonly JsonObject[], page: PageIdentity): number {
  if (nodes.length === 0) return -1;
  const heading = looseText(page.heading);
  // A name as written; entities and icon glyphs are no letters to looseText.
  const names = nodes.map((n) => looseText(typeof n['name'] === 'string' ? n['name'] : null));
  const rules: ((n: JsonObject, i: number) => boolean)[] = [
    (n) => urlMatches(n, page),
    (_, i) => heading !== '' && names[i] === heading,
    (_, i) => heading !== '' && sameLooseText(names[i]!, heading),
    (n) => types(n).includes('ProductGroup'),
    (n) => n['offers'] !== undefined && n['name'] !== undefined,
  ];
  for (const rule of rules) {
    const i = nodes.findIndex(rule);
    if (i !== -1) return i;
  }
  return 0;
}

/** The page's own product among `nodes`, or null when there are none. */
export function ownProduct(nodes: readonly JsonObject[], page: PageIdentity): JsonObject | null {
  return nodes[ownProductIndex(nodes, page)] ?? null;
}

/**
 * At most `max` of `items`, in their order, the one at index `keep` always among them: the first
 * `max - 1` others and it. Who picks among the kept items by {@link ownProductIndex} picks the same.
 */
export function keepWithin<T>(items: readonly T[], max: number, keep: number): T[] {
  const kept = items.slice(0, max);
  if (keep >= max) kept[max - 1] = items[keep]!;
  return kept;
}
