/**
 * The DOM half of product capture, small enough for the content script:
 * gathers the raw structured data of a page into a plain, serialisable
 * {@link ProductSources}. Parsing and normalisation ({@link productFromSources}
 * in ./index) need no DOM and can run in the side panel or background.
 */
import { absoluteUrl } from '../url';
import { microdataProductNodes } from './microdata';
import type { JsonObject } from './normalize';
import { readMetaTags } from './opengraph';

export interface ProductSources {
  /** Page URL without hash. */
  pageUrl: string;
  /** document.baseURI, for relative URLs. */
  base: string;
  /** Absolute `<link rel=canonical>` href, or null. */
  canonical: string | null;
  /** Texts of `application/ld+json` scripts that mention a product (unparsed). */
  jsonLd: string[];
  /** Microdata Product items, converted to JSON-LD-shaped objects. */
  microdata: JsonObject[];
  /** `og:*` / `product:*` meta tags as [property, content]. */
  meta: [string, string][];
}

/** Max characters of JSON-LD kept per script (larger scripts are truncated → ignored as malformed). */
const MAX_JSONLD = 500_000;

export function collectProductSources(doc: Document, pageUrl: string = doc.URL): ProductSources {
  const hash = pageUrl.indexOf('#');
  const page = hash === -1 ? pageUrl : pageUrl.slice(0, hash);
  const base = doc.baseURI;
  const jsonLd: string[] = [];
  for (const s of Array.from(doc.querySelectorAll('script[type]'))) {
    if (!(s.getAttribute('type') ?? '').trim().toLowerCase().startsWith('application/ld+json')) continue;
    const t = s.textContent ?? '';
    if (/product/i.test(t)) jsonLd.push(t.slice(0, MAX_JSONLD));
  }
  let canonical: string | null = null;
  for (const l of Array.from(doc.querySelectorAll('link[rel][href]'))) {
    if ((l.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
      canonical = absoluteUrl(l.getAttribute('href'), base);
      break;
    }
  }
  return { pageUrl: page, base, canonical, jsonLd, microdata: microdataProductNodes(doc), meta: readMetaTags(doc) };
}
