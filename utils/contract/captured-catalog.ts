import { z } from 'zod';
import { CapturedProductSchema } from './captured-product';
import { ProductSummarySchema } from './product-search';
import { CURRENCY_CODES, WebUrlSchema } from './products';

/**
 * Captured products: the product a page sells (as the content script captured it), added to the
 * saving user's own catalogue so similar and keyword search also cover shops they visited. Private
 * to that user: nobody else's search returns them.
 */

/** The `source` of captured products in search results, and a name feed imports may not use. */
export const CAPTURED_SOURCE = 'captured';

/** `POST /v1/catalog/captured`: the product and the page it was captured on (its link when the product names none). */
export const AddCapturedProductSchema = z
  .object({
    product: CapturedProductSchema,
    pageUrl: WebUrlSchema,
  })
  .strict()
  .meta({ id: 'AddCapturedProduct' });
export type AddCapturedProduct = z.input<typeof AddCapturedProductSchema>;

export const CapturedProductOutcomeSchema = z.enum(['created', 'updated', 'unchanged']);

export const AddCapturedProductResultSchema = z
  .object({
    /** Idempotent per product link: the same product again is `unchanged` (or `updated` when its price, name… changed). */
    outcome: CapturedProductOutcomeSchema,
    product: ProductSummarySchema,
  })
  .meta({ id: 'AddCapturedProductResult' });
export type AddCapturedProductResult = z.infer<typeof AddCapturedProductResultSchema>;

export const ForgetCapturedProductsResultSchema = z
  .object({ removed: z.number().int().min(0) })
  .meta({ id: 'ForgetCapturedProductsResult' });
export type ForgetCapturedProductsResult = z.infer<typeof ForgetCapturedProductsResultSchema>;

/** What a catalogue product needs and a captured one may lack. */
export type CapturedProductGap = 'price' | 'currency' | 'image';

const CURRENCIES: ReadonlySet<string> = new Set(CURRENCY_CODES);

/**
 * Why a captured product cannot join the catalogue, or [] when it can. A catalogue product needs a
 * price in an active ISO 4217 currency and an image (what similar search embeds); its link falls
 * back to the page it was captured on. Shared so the extension skips hopeless products without a
 * request and the server refuses them with the same reasons.
 */
export function capturedProductGaps(product: {
  price?: string | undefined;
  currency?: string | undefined;
  images?: readonly string[] | undefined;
}): CapturedProductGap[] {
  const gaps: CapturedProductGap[] = [];
  if (!product.price) gaps.push('price');
  if (!product.currency || !CURRENCIES.has(product.currency)) gaps.push('currency');
  if (!product.images?.some((url) => WebUrlSchema.safeParse(url).success)) gaps.push('image');
  return gaps;
}
