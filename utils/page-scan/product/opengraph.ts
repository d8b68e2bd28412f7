/** OpenGraph product tags (Facebook `product:*`, Shopify `og:price:*`). The least trusted source. */
import { getDomain } from 'tldts';
import type { ProductRecord } from '../types';
import { absoluteUrl } from '../url';
import { looseText, sameLooseText } from './choose';
import type { PageIdentity } from './choose';
import {
  currencyHint,
  normalizeAvailability,
  normalizeCurrency,
  normalizeGtin,
  normalizePrice,
  text,
} from './normalize';

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

/**
 * Whether two URLs are on the same shop: the same registrable domain ("www.shop.co.uk" and
 * "m.shop.co.uk"), by the Public Suffix List with its private part, so two shops on one
 * platform ("a.myshopify.com", "b.myshopify.com") are not one shop. Hosts without a registrable
 * domain (localhost, IP addresses) must be the same host.
 */
export function sameShop(a: string, b: string): boolean {
  let x: URL;
  let y: URL;
  try {
    x = new URL(a);
    y = new URL(b, a);
  } catch {
    return false;
  }
  const domain = (u: URL) => getDomain(u.hostname, { allowPrivateDomains: true }) ?? u.hostname.replace(/^www\./, '');
  return domain(x) === domain(y);
}

const get = (tags: Map<string, string[]>, ...keys: string[]): string | null => {
  for (const k of keys) {
    const v = tags.get(k)?.[0];
    if (v && v.trim()) return v;
  }
  return null;
};

/** Whether og:title can name what the page's main heading shows ("Linen Shirt | Loom" for "Linen Shirt"); true without a heading. */
function titleFitsHeading(title: string | null, heading: string | null): boolean {
  if (!heading || !title) return true;
  return sameLooseText(looseText(title), looseText(heading));
}

/** The OpenGraph product of a page, or null (not a product, or og:url contradicts the page). */
export function openGraphProduct(meta: readonly [string, string][], page: PageIdentity): ProductRecord | null {
  const { base, pageUrl } = page;
  const canonical = page.canonical ?? pageUrl;
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
  const title = text(get(tags, 'og:title') ?? undefined);
  // og:url on another route of the same shop is common (a product under a collection, a variant,
  // a parent page). It contradicts the page only when the title also disagrees with the page's
  // heading: that is a single-page app's head left over from the product shown before.
  const ogRoute = ogUrl !== null && ogUrlMatchesPage(ogUrl, pageUrl);
  if (ogUrl && !ogRoute && (!sameShop(pageUrl, ogUrl) || !titleFitsHeading(title, page.heading))) return null;
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
    name: title,
    brand: text(get(tags, 'product:brand', 'og:brand') ?? undefined),
    price,
    currency: normalizeCurrency(currencyRaw ?? undefined) ?? (price ? currencyHint(priceRaw ?? undefined) : null),
    availability: normalizeAvailability(get(tags, 'product:availability', 'og:availability') ?? undefined),
    sku: text(get(tags, 'product:retailer_item_id', 'product:sku') ?? undefined, 100),
    gtin: normalizeGtin(get(tags, 'product:gtin', 'product:ean', 'product:upc', 'product:isbn') ?? undefined),
    url: (ogRoute ? absoluteUrl(ogUrl, base) : null) ?? canonical,
    images,
  };
}
