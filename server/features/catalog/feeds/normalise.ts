/**
 * Raw feed fields → one validated Product.
 *
 * Policy: a product without something Loupe cannot work without (id, title,
 * link, image, price, currency) is an error row. A bad *optional* field (a
 * GTIN with a wrong check digit, a sale price above the price, an unknown
 * availability word) drops that field and adds a warning: losing a whole
 * product over its barcode would hide it from search for no good reason.
 */
import type { Availability } from '../../../../utils/contract/captured-product';
import { availabilityOf, canonicalAmount } from '../../../../utils/contract/product-rules';
import {
  ProductSchema,
  CurrencyCodeSchema,
  GtinSchema,
  WebUrlSchema,
  type Product,
} from '../../../../utils/contract/products';

/** Strings as the format parser found them; text fields already converted to plain text. */
export interface RawProduct {
  sourceId?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  brand?: string | undefined;
  link?: string | undefined;
  imageUrl?: string | undefined;
  additionalImageUrls?: readonly string[] | undefined;
  /** "15.00 USD", "15.00", "USD 15.00", "1,299.00 USD", "12,50 EUR". */
  price?: string | undefined;
  salePrice?: string | undefined;
  /** Used when the price carries no currency code. */
  currency?: string | undefined;
  availability?: string | undefined;
  gtin?: string | undefined;
  mpn?: string | undefined;
  sku?: string | undefined;
  itemGroupId?: string | undefined;
  color?: string | undefined;
  size?: string | undefined;
  googleProductCategory?: string | undefined;
}

export type Normalised = { ok: true; product: Product; warnings: string[] } | { ok: false; error: string };

const LIMITS = { title: 500, description: 10_000, additionalImages: 20 } as const;

export function normaliseProduct(raw: RawProduct, defaultCurrency?: string): Normalised {
  const problems: string[] = [];
  const warnings: string[] = [];

  const sourceId = clean(raw.sourceId);
  if (!sourceId) problems.push('missing id');
  else if (sourceId.length > 200) problems.push('id is longer than 200 characters');

  let title = clean(raw.title);
  if (!title) problems.push('missing title');
  else if (title.length > LIMITS.title) {
    title = `${title.slice(0, LIMITS.title - 1)}…`;
    warnings.push(`title shortened to ${LIMITS.title} characters`);
  }

  const link = webUrl(raw.link);
  if (!raw.link?.trim()) problems.push('missing link');
  else if (!link) problems.push(`link is not an http(s) URL: ${quote(raw.link)}`);

  const imageUrl = webUrl(raw.imageUrl);
  if (!raw.imageUrl?.trim()) problems.push('missing image link');
  else if (!imageUrl) problems.push(`image link is not an http(s) URL: ${quote(raw.imageUrl)}`);

  const price = raw.price?.trim() ? parseMoney(raw.price) : undefined;
  if (!raw.price?.trim()) problems.push('missing price');
  else if ('error' in price!) problems.push(`price ${quote(raw.price)}: ${price!.error}`);

  let currency: string | undefined;
  if (price && 'amount' in price) {
    const stated = price.currency ?? clean(raw.currency) ?? defaultCurrency;
    if (!stated) problems.push(`price ${quote(raw.price!)} has no currency code (e.g. "15.00 USD")`);
    else if (!CurrencyCodeSchema.safeParse(stated.toUpperCase()).success)
      problems.push(`unknown currency code ${quote(stated)}`);
    else currency = stated.toUpperCase();
  }

  if (problems.length > 0) return { ok: false, error: problems.join('; ') };

  let salePrice: string | undefined;
  if (raw.salePrice?.trim()) {
    const sale = parseMoney(raw.salePrice);
    if ('error' in sale) warnings.push(`sale price ${quote(raw.salePrice)} ignored: ${sale.error}`);
    else if (sale.currency && sale.currency !== currency)
      warnings.push(`sale price ignored: currency ${sale.currency} differs from price currency ${currency}`);
    else if (compareDecimal(sale.amount, (price as { amount: string }).amount) >= 0)
      warnings.push(`sale price ${sale.amount} ignored: not below the price`);
    else salePrice = sale.amount;
  }

  const additionalImageUrls: string[] = [];
  for (const candidate of raw.additionalImageUrls ?? []) {
    if (!candidate.trim()) continue;
    const url = webUrl(candidate);
    if (!url) warnings.push(`additional image ignored, not an http(s) URL: ${quote(candidate)}`);
    else if (url !== imageUrl && !additionalImageUrls.includes(url)) additionalImageUrls.push(url);
  }
  if (additionalImageUrls.length > LIMITS.additionalImages) {
    warnings.push(`kept the first ${LIMITS.additionalImages} of ${additionalImageUrls.length} additional images`);
    additionalImageUrls.length = LIMITS.additionalImages;
  }

  let availability: Availability = 'unknown';
  if (raw.availability?.trim()) {
    const mapped = availabilityOf(raw.availability);
    if (mapped) availability = mapped;
    else warnings.push(`unknown availability ${quote(raw.availability)}, stored as "unknown"`);
  }

  let gtin: string | undefined;
  const rawGtin = raw.gtin?.replace(/[\s-]/g, '');
  if (rawGtin) {
    if (GtinSchema.safeParse(rawGtin).success) gtin = rawGtin;
    else warnings.push(`GTIN ${quote(raw.gtin!)} ignored: not a valid GTIN-8/12/13/14`);
  }

  let description = clean(raw.description, { keepLines: true });
  if (description && description.length > LIMITS.description) {
    description = `${description.slice(0, LIMITS.description - 1)}…`;
    warnings.push(`description shortened to ${LIMITS.description} characters`);
  }

  const candidate = {
    sourceId,
    title,
    brand: clean(raw.brand),
    description,
    link,
    imageUrl,
    additionalImageUrls,
    price: (price as { amount: string }).amount,
    salePrice,
    currency,
    availability,
    gtin,
    mpn: clean(raw.mpn),
    sku: clean(raw.sku),
    itemGroupId: clean(raw.itemGroupId),
    color: clean(raw.color),
    size: clean(raw.size),
    googleProductCategory: clean(raw.googleProductCategory),
  };
  const parsed = ProductSchema.safeParse(withoutUndefined(candidate));
  if (!parsed.success) {
    return {
      ok: false,
      error: parsed.error.issues.map((i) => `${i.path.join('.') || 'product'}: ${i.message}`).join('; '),
    };
  }
  return { ok: true, product: parsed.data, warnings };
}

/** Trimmed, whitespace-collapsed text, or undefined when empty. */
function clean(value: string | undefined, { keepLines = false } = {}): string | undefined {
  if (value === undefined) return undefined;
  const text = keepLines ? value.trim() : value.replace(/\s+/g, ' ').trim();
  return text === '' ? undefined : text;
}

function webUrl(value: string | undefined): string | undefined {
  let text = value?.trim();
  if (!text) return undefined;
  if (text.startsWith('//')) text = `https:${text}`; // protocol-relative CDN links (older Shopify exports)
  if (!WebUrlSchema.safeParse(text).success) return undefined;
  return new URL(text).href;
}

function quote(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(shown);
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Parses a feed price. Google's format is "<number> <ISO code>" with a dot
 * decimal; real feeds also put the code first, group thousands ("1,299.00",
 * "1.299,00", "1 299,00") or use a decimal comma ("12,50"). Amounts come out
 * as canonical decimal strings ("1299.00"), never floats.
 */
export function parseMoney(text: string): { amount: string; currency?: string } | { error: string } {
  const match = /^\s*(?:([A-Za-z]{3})\s*)?(-?[0-9][0-9.,\s'\u00a0\u202f]*?)\s*(?:([A-Za-z]{3}))?\s*$/.exec(text);
  if (!match) return { error: 'not a number with an optional ISO 4217 code' };
  const [, before, number, after] = match;
  if (before && after) return { error: 'two currency codes' };
  if (number!.startsWith('-')) return { error: 'negative' };
  const code = (before ?? after)?.toUpperCase();
  if (code && !CurrencyCodeSchema.safeParse(code).success)
    return { error: `unknown currency code "${before ?? after}"` };
  const amount = canonicalAmount(number!.replace(/[\s'\u00a0\u202f]/g, ''));
  if (!amount) return { error: 'not a valid amount' };
  return code ? { amount, currency: code } : { amount };
}

/** Compares two canonical decimal strings without going through floats. */
export function compareDecimal(a: string, b: string): number {
  const [ai, af = ''] = a.split('.') as [string, string?];
  const [bi, bf = ''] = b.split('.') as [string, string?];
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const width = Math.max(af.length, bf.length);
  const fa = af.padEnd(width, '0');
  const fb = bf.padEnd(width, '0');
  return fa === fb ? 0 : fa < fb ? -1 : 1;
}
