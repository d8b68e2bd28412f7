/**
 * The DOM half of product capture, small enough for the content script:
 * gathers the raw structured data of a page into a plain, serialisable
 * {@link ProductSources}. Parsing and normalisation ({@link productFromSources}
 * in ./index) need no DOM and can run in the side panel or background.
 *
 * What it sends stays within the limits in contract/product-limits, the numbers the background's schema
 * checks: a page with more (40 recommended products, a 1 MB JSON-LD script) is trimmed here, and
 * the page's own product ({@link ownProductIndex}) is always among what is kept.
 */
import * as LIMITS from '../../contract/product-limits';
import { absoluteUrl } from '../url';
import { keepWithin, ownProductIndex } from './choose';
import type { PageIdentity } from './choose';
import { fitItem, fitJsonText } from './fit';
import { microdataProductNodes } from './microdata';
import type { Json, JsonObject } from './normalize';

export interface ProductSources extends PageIdentity {
  /** Texts of `application/ld+json` scripts that mention a product (unparsed). */
  jsonLd: string[];
  /** Microdata Product items, converted to JSON-LD-shaped objects. */
  microdata: JsonObject[];
  /** `og:*` / `product:*` meta tags as [property, content]. */
  meta: [string, string][];
}

/** `og:*` / `product:*` meta tags as [property (lowercase), content] pairs, in document order. */
export function readMetaTags(doc: Document): [string, string][] {
  const out: [string, string][] = [];
  // Every meta element, filtered here: a query by tag alone takes the browser's fast path, while
  // `meta[property], meta[name]` matches two selectors against every element of the page (three
  // times the cost on a 12,000-element page, at every scan start).
  for (const m of doc.querySelectorAll('meta')) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    const v = m.getAttribute('content');
    if (v !== null && /^(og|product):/.test(key))
      out.push([key.slice(0, LIMITS.META_KEY_CHARS), v.slice(0, LIMITS.META_VALUE_CHARS)]);
  }
  return out.slice(0, LIMITS.META_TAGS);
}

/** The page's main heading: the first `h1` in `<main>`, else its first `h1` (a logo may be one, in the header). */
function mainHeading(doc: Document): string | null {
  const h1 = doc.querySelector('main h1') ?? doc.querySelector('h1');
  return (h1?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, LIMITS.HEADING_CHARS) || null;
}

/**
 * The JSON-LD scripts to send, within the limits. Scripts within them are sent as the page wrote
 * them; a longer one as compact JSON, trimmed until it fits. When there are too many, the last
 * ones share the last text (as one array). The background reads all the products in them and
 * chooses among them, so nothing needs choosing here.
 */
function fitJsonLd(scripts: string[]): string[] {
  const max = LIMITS.JSON_LD_SCRIPTS;
  // Only over the limits is a script parsed here, strictly: a malformed one becomes null, which the
  // reader skips (the background's lenient parser, which mends some breakage, is too big to bundle).
  const parsed = (t: string): Json => {
    try {
      return JSON.parse(t) as Json;
    } catch {
      return null;
    }
  };
  const compact = (texts: string[]) => fitJsonText(texts.map(parsed), LIMITS.JSON_LD_CHARS);
  const fitted = scripts.slice(0, max).map((s) => (s.length <= LIMITS.JSON_LD_CHARS ? s : compact([s])));
  if (scripts.length > max) fitted[max - 1] = compact(scripts.slice(max - 1));
  return fitted.filter((s) => s !== null);
}

export function collectProductSources(doc: Document, pageUrl: string = doc.URL): ProductSources {
  const cut = (url: string) => url.slice(0, LIMITS.URL_CHARS); // a longer URL matches nothing anyway
  const base = cut(doc.baseURI);
  // rel is a list of words, compared without case: `~=` and the `i` flag say just that.
  const canonical = absoluteUrl(doc.querySelector('link[rel~="canonical" i][href]')?.getAttribute('href'), base);
  const page: PageIdentity = {
    pageUrl: cut(pageUrl.split('#')[0]!),
    base,
    canonical: canonical && cut(canonical),
    heading: null,
  };
  const jsonLd: string[] = [];
  for (const s of doc.querySelectorAll('script[type]')) {
    if (!(s.getAttribute('type') ?? '').trim().toLowerCase().startsWith('application/ld+json')) continue;
    const t = s.textContent ?? '';
    if (/product/i.test(t)) jsonLd.push(t);
  }
  const items = microdataProductNodes(doc);
  const meta = readMetaTags(doc);
  // The heading only helps choose among products and judge og:url: most pages, which have no
  // product data at all, are spared reading it.
  if (jsonLd.length || items.length || meta.length) page.heading = mainHeading(doc);
  const microdata = keepWithin(items, LIMITS.MICRODATA_ITEMS, ownProductIndex(items, page)).map(fitItem);
  return { ...page, jsonLd: fitJsonLd(jsonLd), microdata, meta };
}
