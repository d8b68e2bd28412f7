/**
 * How much product data a content script may send and the background accepts (the
 * `page/product` message): both sides read these numbers, so a page within them is never
 * refused, and the content script trims what is over them instead of sending it.
 * Plain constants, no imports: the content script bundles them, and the bundler writes
 * each number where it is used.
 */

/** `application/ld+json` scripts that mention a product. */
export const JSON_LD_SCRIPTS = 20;
/** Characters of one such script. */
export const JSON_LD_CHARS = 200_000;
/** Microdata product items (the page's own always among them). */
export const MICRODATA_ITEMS = 20;
/** Characters of one string inside a microdata item. */
export const JSON_STRING_CHARS = 20_000;
/** Entries of one array inside a microdata item. */
export const JSON_ARRAY_ITEMS = 200;
/** Characters of a property name. */
export const JSON_KEY_CHARS = 200;
/** Microdata items inside items (an offer in a product, a brand in an offer...). */
export const MICRODATA_NESTING = 6;
/** Nesting depth of a microdata item's JSON: each nested item is an object, maybe inside an array of values. */
export const JSON_DEPTH = 2 * MICRODATA_NESTING + 2;
/** `og:*` / `product:*` meta tags, and the characters of a tag's property and content. */
export const META_TAGS = 200;
export const META_KEY_CHARS = 200;
export const META_VALUE_CHARS = 4096;
/** Characters of the page URL, base URL and canonical URL. */
export const URL_CHARS = 8192;
/** Characters of the page's main heading. */
export const HEADING_CHARS = 300;
