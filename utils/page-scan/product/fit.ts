/**
 * Trimming structured data to the limits the background accepts (contract/product-limits): what
 * is over a limit is cut down, so that a long review list or a huge description costs some of
 * itself, never the product it belongs to. JSON.stringify's replacer does the walking: this code
 * runs in the content script, on every page.
 */
import * as LIMITS from '../../contract/product-limits';
import type { Json, JsonObject } from './normalize';

/**
 * JSON text of `value` with strings cut to `strings` characters, arrays to `arrays` entries and
 * over-long property names left out. The outer array and `@graph` keep all their entries: they
 * hold the products themselves.
 */
function cappedText(value: Json, strings: number, arrays: number): string {
  return JSON.stringify(value, (key: string, v: Json) => {
    if (key.length > LIMITS.JSON_KEY_CHARS) return undefined;
    if (typeof v === 'string') return v.slice(0, strings);
    return Array.isArray(v) && key !== '' && key !== '@graph' ? v.slice(0, arrays) : v;
  });
}

/** A microdata item within the wire's limits on strings, arrays and property names (its depth is the converter's). */
export function fitItem(item: JsonObject): JsonObject {
  return JSON.parse(cappedText(item, LIMITS.JSON_STRING_CHARS, LIMITS.JSON_ARRAY_ITEMS)) as JsonObject;
}

/**
 * JSON text of `value` no longer than `maxChars`, with arrays and strings cut down as much as
 * needed: first to the wire's limits, then fewer entries (reviews, offers of every size and
 * colour) and shorter strings (descriptions), at last one entry and strings that still hold a
 * name, a price or a URL. Null when even that does not fit.
 */
export function fitJsonText(value: Json, maxChars: number): string | null {
  for (const [strings, arrays] of [
    [LIMITS.JSON_STRING_CHARS, LIMITS.JSON_ARRAY_ITEMS],
    [2000, 10],
    [500, 1],
  ] as const) {
    const text = cappedText(value, strings, arrays);
    if (text.length <= maxChars) return text;
  }
  return null;
}
