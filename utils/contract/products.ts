import { z } from 'zod';

// Shared with captured products (what the content script reads from a page), so both speak the same
// availability words and price format. Imported, not re-exported: index.ts already exports them.
import { AvailabilitySchema, DecimalPriceSchema } from './captured-product';
import { httpUrl, text } from './text';

/**
 * A product as Loupe stores and shows it, whatever feed it came from
 * (Google Merchant Center TSV/XML, Shopify products.json, JSON Lines).
 * Field meanings follow Google Merchant Center's product data specification,
 * which most shops already produce.
 */

/**
 * Active ISO 4217 currency codes (funds and special codes such as XDR are
 * left out; withdrawn ones such as HRK, replaced by EUR in 2023, too).
 * Listed here rather than taken from `Intl.supportedValuesOf('currency')` so
 * the server and every browser agree on the same set.
 */
export const CURRENCY_CODES = [
  'AED',
  'AFN',
  'ALL',
  'AMD',
  'ANG',
  'AOA',
  'ARS',
  'AUD',
  'AWG',
  'AZN',
  'BAM',
  'BBD',
  'BDT',
  'BGN',
  'BHD',
  'BIF',
  'BMD',
  'BND',
  'BOB',
  'BRL',
  'BSD',
  'BTN',
  'BWP',
  'BYN',
  'BZD',
  'CAD',
  'CDF',
  'CHF',
  'CLP',
  'CNY',
  'COP',
  'CRC',
  'CUP',
  'CVE',
  'CZK',
  'DJF',
  'DKK',
  'DOP',
  'DZD',
  'EGP',
  'ERN',
  'ETB',
  'EUR',
  'FJD',
  'FKP',
  'GBP',
  'GEL',
  'GHS',
  'GIP',
  'GMD',
  'GNF',
  'GTQ',
  'GYD',
  'HKD',
  'HNL',
  'HTG',
  'HUF',
  'IDR',
  'ILS',
  'INR',
  'IQD',
  'IRR',
  'ISK',
  'JMD',
  'JOD',
  'JPY',
  'KES',
  'KGS',
  'KHR',
  'KMF',
  'KPW',
  'KRW',
  'KWD',
  'KYD',
  'KZT',
  'LAK',
  'LBP',
  'LKR',
  'LRD',
  'LSL',
  'LYD',
  'MAD',
  'MDL',
  'MGA',
  'MKD',
  'MMK',
  'MNT',
  'MOP',
  'MRU',
  'MUR',
  'MVR',
  'MWK',
  'MXN',
  'MYR',
  'MZN',
  'NAD',
  'NGN',
  'NIO',
  'NOK',
  'NPR',
  'NZD',
  'OMR',
  'PAB',
  'PEN',
  'PGK',
  'PHP',
  'PKR',
  'PLN',
  'PYG',
  'QAR',
  'RON',
  'RSD',
  'RUB',
  'RWF',
  'SAR',
  'SBD',
  'SCR',
  'SDG',
  'SEK',
  'SGD',
  'SHP',
  'SLE',
  'SLL',
  'SOS',
  'SRD',
  'SSP',
  'STN',
  'SVC',
  'SYP',
  'SZL',
  'THB',
  'TJS',
  'TMT',
  'TND',
  'TOP',
  'TRY',
  'TTD',
  'TWD',
  'TZS',
  'UAH',
  'UGX',
  'USD',
  'UYU',
  'UZS',
  'VES',
  'VND',
  'VUV',
  'WST',
  'XAF',
  'XCD',
  'XCG',
  'XOF',
  'XPF',
  'YER',
  'ZAR',
  'ZMW',
  'ZWG',
  'ZWL',
] as const;
const CURRENCY_SET: ReadonlySet<string> = new Set(CURRENCY_CODES);

export const CurrencyCodeSchema = text()
  .regex(/^[A-Z]{3}$/, 'a currency is a three-letter upper-case ISO 4217 code, e.g. "EUR"')
  .refine((code) => CURRENCY_SET.has(code), { message: 'not an active ISO 4217 currency code' });
export type CurrencyCode = z.infer<typeof CurrencyCodeSchema>;

/** Absolute http(s) URL: feeds must not smuggle javascript:, data: or file: links into the extension. */
export const WebUrlSchema = httpUrl(2048);

/** GTIN-8/12/13/14 (EAN, UPC, ISBN-13): digits only, valid check digit. */
export const GtinSchema = z
  .string()
  .regex(/^(\d{8}|\d{12,14})$/, 'a GTIN has 8, 12, 13 or 14 digits')
  .refine(hasValidGtinCheckDigit, 'GTIN check digit is wrong');

export function hasValidGtinCheckDigit(gtin: string): boolean {
  const digits = [...gtin].map(Number);
  const check = digits.pop()!;
  // Weights 3,1,3,1... from the rightmost data digit.
  const sum = digits.reverse().reduce((acc, digit, i) => acc + digit * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

const optionalText = (max: number) => text().min(1).max(max).optional();

export const ProductSchema = z
  .object({
    /** The product's id in its feed (g:id, Shopify variant id). Unique within one feed; Loupe's own ids are assigned on import. */
    sourceId: text().min(1).max(200),
    title: text().min(1).max(500),
    brand: optionalText(200),
    /** Plain text: feeds' HTML is stripped on import, so it can be shown without sanitising. */
    description: optionalText(10_000),
    /** The product page. */
    link: WebUrlSchema,
    /** The main image: what Loupe embeds for visual search. */
    imageUrl: WebUrlSchema,
    additionalImageUrls: z.array(WebUrlSchema).max(20).default([]),
    /** Regular price, a decimal string ("15.00"): never a float, so 19.99 stays 19.99 into the database. */
    price: DecimalPriceSchema,
    /** Current reduced price, when on sale (lower than `price`, same currency). */
    salePrice: DecimalPriceSchema.optional(),
    currency: CurrencyCodeSchema,
    availability: AvailabilitySchema.default('unknown'),
    gtin: GtinSchema.optional(),
    mpn: optionalText(70),
    sku: optionalText(200),
    /** Variants of one product share it (GMC item_group_id, Shopify product id). */
    itemGroupId: optionalText(200),
    color: optionalText(100),
    size: optionalText(100),
    /** Google product taxonomy: a numeric id ("2271") or a path ("Apparel & Accessories > Clothing > Dresses"). */
    googleProductCategory: optionalText(750),
  })
  .meta({ id: 'Product' });
export type Product = z.infer<typeof ProductSchema>;
/** What a JSON Lines feed may omit: fields with defaults. */
export type ProductInput = z.input<typeof ProductSchema>;

/** Feed formats Loupe imports. */
export const FeedFormatSchema = z.enum(['gmc-tsv', 'gmc-xml', 'shopify-json', 'jsonl']);
export type FeedFormat = z.infer<typeof FeedFormatSchema>;

/** One skipped row of an import, for an import report. */
export const FeedRowErrorSchema = z
  .object({
    /** 1-based line in the feed file where the row starts. */
    line: z.number().int().min(1),
    /** Where in a nested feed, e.g. "products[3].variants[1]". */
    ref: z.string().optional(),
    error: z.string(),
  })
  .meta({ id: 'FeedRowError' });
export type FeedRowError = z.infer<typeof FeedRowErrorSchema>;
