import { z } from 'zod';
import { AVAILABILITIES } from './product-rules';
import { httpUrl, text } from './text';

/**
 * The product a page sells, as Loupe's content script captures it (schema.org
 * JSON-LD, microdata, OpenGraph) and as a pin keeps it. Prices are decimal
 * strings ("1299.00"), never floats: money must not round.
 */
export const AvailabilitySchema = z.enum(AVAILABILITIES);
export type Availability = z.infer<typeof AvailabilitySchema>;

export const DecimalPriceSchema = text().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a price is a decimal number like "1299.00"');
export const CurrencySchema = text().regex(/^[A-Z]{3}$/, 'a currency is an ISO 4217 code like "EUR"');

export const CapturedProductSchema = z
  .object({
    name: text().min(1).max(500),
    brand: text().max(200).optional(),
    price: DecimalPriceSchema.optional(),
    currency: CurrencySchema.optional(),
    availability: AvailabilitySchema.optional(),
    sku: text().max(100).optional(),
    gtin: text().max(20).optional(),
    url: httpUrl(2048).optional(),
    images: z.array(httpUrl(2048)).max(20).default([]),
  })
  .meta({ id: 'CapturedProduct' });
export type CapturedProduct = z.infer<typeof CapturedProductSchema>;
