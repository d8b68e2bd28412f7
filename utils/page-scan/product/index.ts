/**
 * Product capture: JSON-LD, then microdata, then OpenGraph, in that order of
 * trust. The most trusted source that yields a product wins; empty fields are
 * filled from less trusted sources only when they describe the same product.
 *
 * Split in two so the content script stays small:
 * - {@link collectProductSources} (./collect, DOM) gathers raw data;
 * - {@link productFromSources} (no DOM) parses and normalises it anywhere.
 * {@link readProduct} does both.
 */
import type { CapturedProduct } from '../../contract/captured-product';
import type { ImageRecord, ProductRecord } from '../types';
import { imageMatchKey } from '../url';
import { looseText, ownProduct, sameLooseText } from './choose';
import { collectProductSources } from './collect';
import type { ProductSources } from './collect';
import { jsonLdProductNodes } from './jsonld';
import { isObject, productFromNode, withKnownPropertyNames } from './normalize';
import type { NormalizeContext } from './normalize';
import { openGraphProduct } from './opengraph';

function sameProduct(a: ProductRecord, b: ProductRecord): boolean {
  if (a.sku && b.sku) return a.sku === b.sku;
  if (a.gtin && b.gtin) return a.gtin === b.gtin;
  if (!a.name || !b.name) return true;
  return sameLooseText(looseText(a.name), looseText(b.name));
}

function fill(base: ProductRecord, other: ProductRecord): void {
  if (!sameProduct(base, other)) return;
  base.name ??= other.name;
  base.brand ??= other.brand;
  if (base.price === null && other.price !== null) {
    base.price = other.price;
    base.currency = other.currency;
  }
  if (base.price !== null && base.currency === null && other.price === base.price) base.currency = other.currency;
  if (base.availability === 'unknown') base.availability = other.availability;
  base.sku ??= other.sku;
  base.gtin ??= other.gtin;
  for (const u of other.images) if (!base.images.includes(u)) base.images.push(u);
}

/** Parse and normalise collected sources (no DOM needed). Never throws on malformed data. */
export function productFromSources(src: ProductSources): ProductRecord | null {
  const ctx: NormalizeContext = { base: src.base, pageUrl: src.pageUrl, canonical: src.canonical ?? src.pageUrl };
  const found: ProductRecord[] = [];
  const ld = ownProduct(jsonLdProductNodes(src.jsonLd), src);
  if (ld) found.push(productFromNode(ld, 'json-ld', ctx));
  const md = ownProduct(src.microdata.map(withKnownPropertyNames).filter(isObject), src);
  if (md) found.push(productFromNode(md, 'microdata', ctx));
  const og = openGraphProduct(src.meta, src);
  if (og) found.push(og);
  const [best, ...rest] = found.filter((p) => p.name !== null || p.price !== null);
  if (!best) return null;
  for (const p of rest) fill(best, p);
  return best;
}

/** Read the product a page sells, or null. `pageUrl` defaults to the document URL; the hash is ignored. */
export function readProduct(doc: Document, pageUrl: string = doc.URL): ProductRecord | null {
  return productFromSources(collectProductSources(doc, pageUrl));
}

/**
 * URLs of the scanned images that show the product: the same URL, or the
 * same picture at another size (size query parameters and CMS size suffixes
 * ignored, see {@link imageMatchKey}).
 */
export function productImageUrls(product: ProductRecord, records: readonly Pick<ImageRecord, 'url'>[]): string[] {
  const exact = new Set(product.images);
  const keys = new Set<string>();
  for (const u of product.images) {
    const k = imageMatchKey(u);
    if (k) keys.add(k);
  }
  const out: string[] = [];
  for (const r of records) {
    if (exact.has(r.url)) out.push(r.url);
    else {
      const k = imageMatchKey(r.url);
      if (k && keys.has(k)) out.push(r.url);
    }
  }
  return out;
}

export { collectProductSources } from './collect';
export type { ProductSources } from './collect';
export { parseJsonLd } from './jsonld';
export { normalizeAvailability, normalizeCurrency, normalizePrice } from './normalize';
export { ogUrlMatchesPage, sameShop } from './opengraph';

/**
 * The product as the API contract's `CapturedProduct` takes it: nulls become
 * absent fields, lengths are capped, values the contract would refuse are
 * dropped (never rounded). Null when there is no name (the contract requires one).
 */
export function toCapturedProduct(p: ProductRecord): CapturedProduct | null {
  const cap = (s: string | null, max: number): string | undefined =>
    s ? (s.length > max ? s.slice(0, max) : s) : undefined;
  const name = cap(p.name, 500);
  if (!name) return null;
  const out: CapturedProduct = {
    name,
    images: p.images.filter((u) => /^https?:\/\//i.test(u) && u.length <= 2048).slice(0, 20),
  };
  const brand = cap(p.brand, 200);
  if (brand) out.brand = brand;
  if (p.price && /^\d{1,12}(?:\.\d{1,4})?$/.test(p.price)) {
    out.price = p.price;
    if (p.currency && /^[A-Z]{3}$/.test(p.currency)) out.currency = p.currency;
  }
  out.availability = p.availability;
  const sku = cap(p.sku, 100);
  if (sku) out.sku = sku;
  if (p.gtin && p.gtin.length <= 20) out.gtin = p.gtin;
  if (p.url && /^https?:\/\//i.test(p.url) && p.url.length <= 2048) out.url = p.url;
  return out;
}
