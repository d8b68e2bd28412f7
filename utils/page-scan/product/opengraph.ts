/** OpenGraph product tags (Facebook `product:*`, Shopify `og:price:*`). The least trusted source. */
import type { ProductRecord } from '../types';
import { absoluteUrl } from '../url';
import {
  currencyHint,
  normalizeAvailability,
  normalizeCurrency,
  normalizeGtin,
  normalizePrice,
  text,
} from './normalize';

/** `og:*` / `product:*` meta tags as [property (lowercase), content] pairs, in document order. */
export function readMetaTags(doc: Document): [string, string][] {
  const out: [string, string][] = [];
  for (const m of Array.from(doc.querySelectorAll('meta[property], meta[name]'))) {
    const key = (m.getAttribute('property') ?? m.getAttribute('name') ?? '').trim().toLowerCase();
    const v = m.getAttribute('content');
    if (v !== null && (key.startsWith('og:') || key.startsWith('product:'))) out.push([key, v.slice(0, 2000)]);
  }
  return out;
}

function pathKey(u: URL): string[] {
  let p = u.pathname;
  try {
    p = decodeURIComponent(p);
  } catch {
    /* keep raw */
  }
  return p
    .toLowerCase()
    .replace(/\/index\.html?$/, '/')
    .split('/')
    .filter(Boolean);
}

/**
 * Whether `og:url` is consistent with the page: same host (ignoring `www.`
 * and scheme) and same path (ignoring trailing slash, case, query, hash).
 * A path that is a whole-segment suffix of the other is accepted (Shopify
 * `/collections/x/products/y` vs canonical `/products/y`).
 */
export function ogUrlMatchesPage(ogUrl: string, pageUrl: string): boolean {
  let a: URL;
  let b: URL;
  try {
    a = new URL(ogUrl, pageUrl);
    b = new URL(pageUrl);
  } catch {
    return false;
  }
  if (a.hostname.replace(/^www\./, '') !== b.hostname.replace(/^www\./, '')) return false;
  const pa = pathKey(a);
  const pb = pathKey(b);
  const [short, long] = pa.length <= pb.length ? [pa, pb] : [pb, pa];
  if (short.length === 0) return long.length === 0;
  const off = long.length - short.length;
  return short.every((seg, i) => seg === long[off + i]);
}

const get = (tags: Map<string, string[]>, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = tags.get(k)?.[0];
    if (v && v.trim()) return v;
  }
  return null;
};

/** The OpenGraph product of a page, or null (not a product, or og:url contradicts the page). */
export function openGraphProduct(
  meta: readonly [string, string][],
  base: string,
  pageUrl: string,
  canonical: string | null,
): ProductRecord | null {
  const tags = new Map<string, string[]>();
  for (const [k, v] of meta) {
    const list = tags.get(k);
    if (list) list.push(v);
    else tags.set(k, [v]);
  }
  const type = (get(tags, 'og:type') ?? '').trim().toLowerCase();
  const priceRaw = get(tags, 'product:price:amount', 'og:price:amount', 'product:sale_price:amount');
  const isProduct = type === 'product' || type.startsWith('product.') || type === 'og:product' || priceRaw !== null;
  if (!isProduct) return null;
  const ogUrl = get(tags, 'og:url');
  if (ogUrl && !ogUrlMatchesPage(ogUrl, pageUrl)) return null;
  const images: string[] = [];
  for (const key of ['og:image:secure_url', 'og:image', 'og:image:url']) {
    for (const raw of tags.get(key) ?? []) {
      const u = absoluteUrl(raw, base);
      if (u && !u.startsWith('data:') && !images.includes(u)) images.push(u);
    }
  }
  const price = normalizePrice(priceRaw ?? undefined);
  const currencyRaw = get(tags, 'product:price:currency', 'og:price:currency', 'product:sale_price:currency');
  return {
    source: 'opengraph',
    name: text(get(tags, 'og:title') ?? undefined),
    brand: text(get(tags, 'product:brand', 'og:brand') ?? undefined),
    price,
    currency: normalizeCurrency(currencyRaw ?? undefined) ?? (price ? currencyHint(priceRaw ?? undefined) : null),
    availability: normalizeAvailability(get(tags, 'product:availability', 'og:availability') ?? undefined),
    sku: text(get(tags, 'product:retailer_item_id', 'product:sku') ?? undefined, 100),
    gtin: normalizeGtin(get(tags, 'product:gtin', 'product:ean', 'product:upc', 'product:isbn') ?? undefined),
    url: (ogUrl ? absoluteUrl(ogUrl, base) : null) ?? canonical,
    images,
  };
}
