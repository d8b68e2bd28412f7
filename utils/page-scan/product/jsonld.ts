/** schema.org JSON-LD: find Product / ProductGroup nodes in every `application/ld+json` script. */
import { asArray, isObject, isProductNode, types, withKnownPropertyNames } from './normalize';
import type { Json, JsonObject } from './normalize';

/** Parse one JSON-LD script text; null when malformed (never throws). */
export function parseJsonLd(source: string): Json | undefined {
  const t = source
    .trim()
    .replace(/^<!--/, '')
    .replace(/-->$/, '')
    .replace(/^\/\/\s*<!\[CDATA\[/, '')
    .replace(/\/\/\s*\]\]>$/, '')
    .trim();
  if (!t) return undefined;
  try {
    return JSON.parse(t) as Json;
  } catch {
    // Common breakage: raw newlines / tabs inside strings. Whitespace outside strings is harmless to replace.
    try {
      // eslint-disable-next-line no-control-regex -- the control characters are exactly what must go
      return JSON.parse(t.replace(/[\u0000-\u001f]+/g, ' ')) as Json;
    } catch {
      return undefined;
    }
  }
}

/** Keys under which a product may be nested (besides arrays and @graph). */
const DESCEND = [
  '@graph',
  'mainEntity',
  'mainEntityOfPage',
  'itemReviewed',
  'about',
  'subjectOf',
  'itemOffered',
] as const;

/**
 * Product-like nodes in document order. Does not descend into a product's own
 * properties (related / similar products) nor into item lists (category pages
 * list many products but do not sell one).
 */
export function findProductNodes(root: Json | undefined, out: JsonObject[] = [], depth = 0): JsonObject[] {
  if (root === undefined || root === null || depth > 8) return out;
  if (Array.isArray(root)) {
    for (const r of root) findProductNodes(r, out, depth + 1);
    return out;
  }
  if (!isObject(root)) return out;
  if (isProductNode(root)) {
    // A Product that is a variant of a group listed elsewhere: keep it; the picker prefers groups.
    out.push(root);
    return out;
  }
  if (types(root).includes('ItemList')) return out;
  for (const k of DESCEND) for (const child of asArray(root[k])) findProductNodes(child, out, depth + 1);
  return out;
}

/** Product nodes of several JSON-LD script texts. Malformed scripts are skipped. */
export function jsonLdProductNodes(scripts: readonly string[]): JsonObject[] {
  const out: JsonObject[] = [];
  for (const s of scripts) {
    const root = parseJsonLd(s);
    if (root !== undefined) findProductNodes(withKnownPropertyNames(root), out);
  }
  return out;
}
