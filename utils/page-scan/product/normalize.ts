/**
 * Normalisation of loosely-typed structured data (JSON-LD, microdata turned
 * into the same shape) into one {@link ProductRecord}. Nothing here trusts the
 * input: every field is type-checked, trimmed, capped, and plain text.
 */
import { cleanText } from '../optout';
import type { Availability, ProductRecord, ProductSource } from '../types';
import { absoluteUrl } from '../url';
import { availabilityOf, canonicalAmount, currencyCode } from '../../contract/product-rules';

/** A parsed JSON value (JSON-LD) or a microdata item converted to the same shape. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function asArray(v: Json | undefined): Json[] {
  if (v === undefined || v === null) return [];
  return Array.isArray(v) ? v : [v];
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Decode the few HTML entities CMSs leave in JSON-LD strings (as text; nothing is parsed as HTML). */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]+|#39);/gi, (m, e: string) => {
    const lower = e.toLowerCase();
    if (lower.startsWith('#x') || (lower.startsWith('#') && lower !== '#39')) {
      const code = lower.startsWith('#x') ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return ENTITIES[lower] ?? m;
  });
}

/**
 * Characters that are never text a shop means: private-use code points (icon fonts draw their
 * glyphs there, and a cart or star icon inside the name element ends up in its textContent)
 * and zero-width spaces.
 */
const NOT_TEXT = /[\p{Co}\u200b]/gu;

/** Plain text as a product field: entities decoded, icon glyphs dropped, whitespace runs made one space. */
export function plainText(s: string, max: number): string {
  return cleanText(decodeEntities(s).replace(NOT_TEXT, ' '), max);
}

/** Text of a value: strings and numbers, `{ "@value" }`, `{ name }`, first of an array. */
export function text(v: Json | undefined, max = 300): string | null {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x === 'string') return plainText(x, max) || null;
  if (typeof x === 'number' && Number.isFinite(x)) return String(x);
  if (isObject(x)) return text(x['@value'] ?? x['name'], max);
  return null;
}

export const PRODUCT_TYPES: ReadonlySet<string> = new Set([
  'Product',
  'ProductGroup',
  'IndividualProduct',
  'ProductModel',
  'SomeProducts',
  'Vehicle',
  'Car',
]);

/** The schema.org types product capture looks for, by their lower-case spelling. */
const KNOWN_TYPES = new Map([...PRODUCT_TYPES, 'ItemList'].map((t) => [t.toLowerCase(), t]));

/**
 * A type's schema.org name: `http(s)://schema.org/` and `schema:` prefixes stripped, and a known
 * type in its proper case whatever the page wrote ("http://schema.org/product" → "Product").
 */
export function schemaName(v: string): string {
  const name = v
    .trim()
    .replace(/^https?:\/\/(?:www\.)?schema\.org\//i, '')
    .replace(/^schema:/i, '');
  return KNOWN_TYPES.get(name.toLowerCase()) ?? name;
}

/** The schema.org properties product capture reads. */
const KNOWN_PROPERTIES = [
  'name',
  'brand',
  'manufacturer',
  'sku',
  'mpn',
  'gtin',
  'gtin8',
  'gtin12',
  'gtin13',
  'gtin14',
  'isbn',
  'image',
  'url',
  'contentUrl',
  'offers',
  'price',
  'lowPrice',
  'highPrice',
  'priceCurrency',
  'priceSpecification',
  'priceType',
  'minPrice',
  'availability',
  'hasVariant',
  'itemOffered',
  'mainEntity',
  'mainEntityOfPage',
  'itemReviewed',
  'about',
  'subjectOf',
];
/** {@link KNOWN_PROPERTIES} by their lower-case spelling, made when first needed (the content script never needs it). */
let propertiesByLowerCase: Map<string, string> | undefined;

/** A property's name as schema.org spells it when it is one Loupe reads ("pricecurrency" → "priceCurrency"). */
export function propertyName(name: string): string {
  propertiesByLowerCase ??= new Map(KNOWN_PROPERTIES.map((p) => [p.toLowerCase(), p]));
  return propertiesByLowerCase.get(name.toLowerCase()) ?? name;
}

/** The same value with every known property spelt as schema.org does; other keys and all values kept. */
export function withKnownPropertyNames(v: Json, depth = 0): Json {
  if (depth > 16 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => withKnownPropertyNames(x, depth + 1));
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(v)) {
    const name = propertyName(key);
    // A page that writes both spellings: the proper one wins.
    if (name !== key && Object.hasOwn(v, name)) continue;
    out[name] = withKnownPropertyNames(value, depth + 1);
  }
  return out;
}

export function types(node: JsonObject): string[] {
  return asArray(node['@type'])
    .filter((t): t is string => typeof t === 'string')
    .map(schemaName);
}

// ---------------------------------------------------------------- price

const SYMBOLS: [RegExp, string][] = [
  [/US\$/i, 'USD'],
  [/C\$|CA\$/i, 'CAD'],
  [/A\$|AU\$/i, 'AUD'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  [/₹/, 'INR'],
  [/₩/, 'KRW'],
  [/₽/, 'RUB'],
  [/₺/, 'TRY'],
  [/zł/i, 'PLN'],
  [/R\$/, 'BRL'],
];

/**
 * Price as decimal text: "1299.00" stays, "1.299,00" → "1299.00",
 * "$12.99" → "12.99", "1,299" → "1299", "12,99" → "12.99", 12.5 → "12.5".
 * A single dot is a decimal point (schema.org requires it); a single comma
 * followed by exactly three digits is a thousands separator.
 */
export function normalizePrice(v: Json | undefined): string | null {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x === 'number') {
    if (!Number.isFinite(x) || x < 0) return null;
    const s = String(x);
    return canonicalAmount(/e/i.test(s) ? x.toFixed(2) : s) ?? null;
  }
  if (typeof x !== 'string') return null;
  const m = /\d(?:[\d.,]|[\s\u00a0\u202f'’](?=\d{3}(?!\d)))*/.exec(x);
  if (!m) return null;
  return canonicalAmount(m[0].replace(/[\s\u00a0\u202f'’]/g, '').replace(/[.,]+$/, '')) ?? null;
}

/** ISO 4217 code from text (exactly 3 letters, any case; withdrawn codes mapped: "RUR" → "RUB"), else null. */
export function normalizeCurrency(v: Json | undefined): string | null {
  const t = text(v, 10);
  return (t && currencyCode(t)) ?? null;
}

/** A currency implied by a price string ("12.99 USD", "€12,99"), used only when none is declared. */
export function currencyHint(v: Json | undefined): string | null {
  const x = Array.isArray(v) ? v[0] : v;
  if (typeof x !== 'string') return null;
  const code = /(?:^|[^A-Za-z])([A-Z]{3})(?![A-Za-z])/.exec(x);
  if (code?.[1]) return currencyCode(code[1]) ?? null;
  for (const [re, c] of SYMBOLS) if (re.test(x)) return c;
  return null;
}

// --------------------------------------------------------------- availability

export function normalizeAvailability(v: Json | undefined): Availability {
  const t = text(v, 100);
  return (t && availabilityOf(t)) || 'unknown';
}

export function normalizeGtin(v: Json | undefined): string | null {
  const t = text(v, 40);
  if (!t) return null;
  const d = t.replace(/[\s-]/g, '');
  return /^(?:\d{8}|\d{12,14})$/.test(d) ? d : null;
}

// ------------------------------------------------------------------ images

function imageUrls(v: Json | undefined, base: string, out: string[]): void {
  for (const item of asArray(v)) {
    let raw: Json | undefined = item;
    if (isObject(item)) raw = item['contentUrl'] ?? item['url'] ?? item['@id'];
    if (Array.isArray(raw)) {
      imageUrls(raw, base, out);
      continue;
    }
    if (typeof raw !== 'string') continue;
    const u = absoluteUrl(decodeEntities(raw), base);
    if (u && !u.startsWith('data:') && !out.includes(u)) out.push(u);
  }
}

// ------------------------------------------------------------------ offers

interface OfferInfo {
  price: string | null;
  currency: string | null;
  availability: Availability;
  url: string | null;
  sku: string | null;
  gtin: string | null;
}

const GTIN_KEYS = ['gtin', 'gtin13', 'gtin12', 'gtin14', 'gtin8', 'isbn'] as const;

function gtinOf(node: JsonObject): string | null {
  for (const k of GTIN_KEYS) {
    const g = normalizeGtin(node[k]);
    if (g) return g;
  }
  return null;
}

function readOffer(o: JsonObject, base: string): OfferInfo {
  let priceRaw: Json | undefined = o['price'] ?? o['lowPrice'];
  let currencyRaw: Json | undefined = o['priceCurrency'];
  if (priceRaw === undefined || priceRaw === null || priceRaw === '') {
    // WooCommerce & co: priceSpecification (object or array); skip list/strikethrough prices.
    const specs = asArray(o['priceSpecification']).filter(isObject);
    const spec = specs.find((s) => !/strikethrough|listprice|msrp/i.test(text(s['priceType']) ?? '')) ?? specs[0];
    if (spec) {
      priceRaw = spec['price'] ?? spec['minPrice'];
      currencyRaw ??= spec['priceCurrency'];
    }
  }
  const price = normalizePrice(priceRaw);
  return {
    price,
    currency: normalizeCurrency(currencyRaw) ?? (price ? currencyHint(priceRaw) : null),
    availability: normalizeAvailability(o['availability']),
    url: typeof o['url'] === 'string' ? absoluteUrl(o['url'], base) : null,
    sku: text(o['sku'], 100),
    gtin: gtinOf(o),
  };
}

/** Offers of a node, flattened: AggregateOffer first (its lowPrice), then its nested offers. */
function offersOf(node: JsonObject, base: string): OfferInfo[] {
  const out: OfferInfo[] = [];
  for (const o of asArray(node['offers'])) {
    if (!isObject(o)) continue;
    out.push(readOffer(o, base));
    for (const inner of asArray(o['offers'])) if (isObject(inner)) out.push(readOffer(inner, base));
  }
  return out;
}

function pickOffer(offers: OfferInfo[], pageUrl: string): OfferInfo | null {
  const priced = offers.filter((o) => o.price !== null);
  const pool = priced.length ? priced : offers;
  return (
    pool.find((o) => o.url !== null && o.url === pageUrl) ??
    pool.find((o) => o.availability === 'in_stock') ??
    pool[0] ??
    null
  );
}

// ----------------------------------------------------------------- product

export interface NormalizeContext {
  /** Base for relative URLs (document.baseURI). */
  base: string;
  /** Page URL without hash, used to pick the variant/offer the page shows. */
  pageUrl: string;
  /** Fallback canonical URL (<link rel=canonical> or page URL). */
  canonical: string | null;
}

/** Normalise a schema.org Product / ProductGroup node (JSON-LD or microdata-as-JSON). */
export function productFromNode(node: JsonObject, source: ProductSource, ctx: NormalizeContext): ProductRecord {
  const images: string[] = [];
  imageUrls(node['image'], ctx.base, images);
  let name = text(node['name']);
  let brand = text(node['brand']) ?? text(node['manufacturer']);
  let sku = text(node['sku'], 100) ?? text(node['mpn'], 100);
  let gtin = gtinOf(node);
  let offers = offersOf(node, ctx.base);
  const url = typeof node['url'] === 'string' ? absoluteUrl(node['url'], ctx.base) : null;

  if (types(node).includes('ProductGroup')) {
    const variants = asArray(node['hasVariant']).filter(isObject);
    const chosen =
      variants.find((v) => typeof v['url'] === 'string' && absoluteUrl(v['url'], ctx.base) === ctx.pageUrl) ??
      variants.find((v) => offersOf(v, ctx.base).some((o) => o.url === ctx.pageUrl)) ??
      variants.find((v) => offersOf(v, ctx.base).some((o) => o.availability === 'in_stock')) ??
      variants[0];
    if (chosen) {
      const vOffers = offersOf(chosen, ctx.base);
      if (vOffers.length) offers = vOffers;
      name ??= text(chosen['name']);
      brand ??= text(chosen['brand']);
      sku = text(chosen['sku'], 100) ?? sku;
      gtin = gtinOf(chosen) ?? gtin;
      const own: string[] = [];
      imageUrls(chosen['image'], ctx.base, own);
      for (const v of variants) imageUrls(v['image'], ctx.base, own);
      for (const u of own) if (!images.includes(u)) images.push(u);
    }
  }

  const offer = pickOffer(offers, ctx.pageUrl);
  return {
    source,
    name,
    brand,
    price: offer?.price ?? null,
    currency: offer?.price ? offer.currency : null,
    availability: offer?.availability ?? normalizeAvailability(node['availability']),
    sku: sku ?? offer?.sku ?? null,
    gtin: gtin ?? offer?.gtin ?? null,
    url: url ?? ctx.canonical,
    images,
  };
}

export function isProductNode(node: JsonObject): boolean {
  return types(node).some((t) => PRODUCT_TYPES.has(t));
}
