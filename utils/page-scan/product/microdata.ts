/** HTML microdata (itemscope / itemtype / itemprop) converted to JSON-LD-shaped objects. */
import { MICRODATA_NESTING } from '../../contract/product-limits';
import { absoluteUrl } from '../url';
import { PRODUCT_TYPES, schemaName } from './normalize';
import type { Json, JsonObject } from './normalize';

const URL_PROPS: Record<string, string> = {
  a: 'href',
  area: 'href',
  link: 'href',
  img: 'src',
  audio: 'src',
  video: 'src',
  source: 'src',
  iframe: 'src',
  embed: 'src',
  track: 'src',
  object: 'data',
};

/** The value of one itemprop element, per the microdata spec (+ the common `content` attribute on any element). */
function propValue(el: Element, base: string, depth: number): Json {
  if (el.hasAttribute('itemscope')) return depth < MICRODATA_NESTING ? itemToObject(el, base, depth + 1) : null;
  const tag = el.localName;
  if (tag === 'meta') return el.getAttribute('content') ?? '';
  const urlAttr = URL_PROPS[tag];
  if (urlAttr) {
    const raw = el.getAttribute(urlAttr) ?? (tag === 'img' ? el.getAttribute('data-src') : null);
    return absoluteUrl(raw, base) ?? raw ?? '';
  }
  if (tag === 'data' || tag === 'meter') return el.getAttribute('value') ?? '';
  if (tag === 'time') return el.getAttribute('datetime') ?? el.textContent ?? '';
  const content = el.getAttribute('content');
  if (content !== null) return content;
  return el.textContent ?? '';
}

/** One item: `@type` from itemtype, each itemprop as a value (arrays when repeated). */
export function itemToObject(scope: Element, base: string, depth = 0): JsonObject {
  const obj: JsonObject = {};
  const itemtype = (scope.getAttribute('itemtype') ?? '').trim();
  if (itemtype) {
    const ts = itemtype.split(/\s+/).map(schemaName);
    obj['@type'] = ts.length === 1 ? (ts[0] ?? '') : ts;
  }
  for (const el of scope.querySelectorAll('[itemprop]')) {
    // Only properties whose nearest enclosing item is this scope.
    if (el.parentElement?.closest('[itemscope]') !== scope) continue;
    const value = propValue(el, base, depth);
    for (const written of (el.getAttribute('itemprop') ?? '').trim().split(/\s+/)) {
      if (!written) continue;
      // Shops write "pricecurrency" too: names travel in lower case, and the reader spells them as schema.org does.
      const name = written.toLowerCase();
      const prev = obj[name];
      if (prev === undefined) obj[name] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else obj[name] = [prev, value];
    }
  }
  return obj;
}

/** Whether an item scope's type names a product (any of its types, in any case or spelling). */
const isProductScope = (scope: Element | null | undefined): boolean =>
  !!scope &&
  (scope.getAttribute('itemtype') ?? '')
    .trim()
    .split(/\s+/)
    .map(schemaName)
    .some((t) => PRODUCT_TYPES.has(t));

/** Product items found via microdata, outermost first, in document order. */
export function microdataProductNodes(doc: Document): JsonObject[] {
  const base = doc.baseURI;
  const out: JsonObject[] = [];
  for (const scope of doc.querySelectorAll('[itemscope][itemtype]')) {
    // Skip products nested in another product (related items).
    if (isProductScope(scope) && !isProductScope(scope.parentElement?.closest('[itemscope][itemtype]')))
      out.push(itemToObject(scope, base));
  }
  return out;
}
