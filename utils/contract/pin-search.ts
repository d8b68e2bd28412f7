import { z } from 'zod';
import { PinSchema } from './boards';
import { WebUrlSchema } from './products';
import { text } from './text';
import { ProductFiltersSchema, ProductSearchResultSchema } from './product-search';

/**
 * Search your saves, and shop a board: finding the caller's own pins by words or by look, and the
 * products that look like a board's pins. Every answer holds only the caller's pins.
 */

export const MAX_PIN_RESULTS = 100;
export const DEFAULT_PIN_RESULTS = 24;
const K = z.coerce.number().int().min(1).max(MAX_PIN_RESULTS).default(DEFAULT_PIN_RESULTS);

/** How a pin matched words: by its text (title, alt, note, tags, product), by what its image shows (the model's text tower), or both. */
export const PinMatchSchema = z.enum(['text', 'meaning']);
export type PinMatch = z.infer<typeof PinMatchSchema>;

export const PinSearchResultSchema = z
  .object({
    pin: PinSchema,
    /**
     * Higher is closer, 0..1. For "more like this", the cosine similarity of the two images' embeddings.
     * For words, the fused rank: 1 is first both by text and by meaning (or first by the only one that ran).
     */
    similarity: z.number(),
    /** Words only: which matches found the pin. */
    matched: z.array(PinMatchSchema).optional(),
  })
  .meta({ id: 'PinSearchResult' });
export type PinSearchResult = z.infer<typeof PinSearchResultSchema>;

export const PinSearchResponseSchema = z
  .object({ results: z.array(PinSearchResultSchema) })
  .meta({ id: 'PinSearchResponse' });
export type PinSearchResponse = z.infer<typeof PinSearchResponseSchema>;

/** `GET /v1/pins/search?q=…&k=…` */
export const PinSearchQuerySchema = z.object({ q: text().trim().min(1).max(500), k: K });
export type PinSearchQuery = z.input<typeof PinSearchQuerySchema>;

/** `POST /v1/pins/similar?k=…` */
export const SimilarPinsQuerySchema = z.object({ k: K });

/** `POST /v1/pins/similar` with JSON: an image URL to fetch, or one of your pins (left out of its own results). Or send image bytes. */
export const SimilarPinsRequestSchema = z
  .union([z.object({ url: WebUrlSchema }).strict(), z.object({ pinId: z.uuid() }).strict()])
  .meta({ id: 'SimilarPinsRequest' });
export type SimilarPinsRequest = z.infer<typeof SimilarPinsRequestSchema>;

/** `GET /v1/boards/{id}/products`: the product search filters, and how many products. */
export const BoardProductsQuerySchema = ProductFiltersSchema.extend({
  k: z.coerce.number().int().min(1).max(100).default(24),
});
export type BoardProductsQuery = z.input<typeof BoardProductsQuerySchema>;

/**
 * Results come round robin over the board's pins (every pin's best match, then every pin's second…);
 * `score` is the reciprocal rank fusion score, 0..1: how much the pins agree on the product (1: first for every pin).
 */
export const BoardProductResultSchema = ProductSearchResultSchema.extend({
  /** The board's pins this product looks like, the closest match first: the "why". */
  because: z.array(z.uuid()).min(1),
}).meta({ id: 'BoardProductResult' });
export type BoardProductResult = z.infer<typeof BoardProductResultSchema>;

export const BoardProductsResponseSchema = z
  .object({
    results: z.array(BoardProductResultSchema),
    /** The pins the products were looked for with (the board's newest embedded pins). */
    pinsUsed: z.number().int().nonnegative(),
    /** The board's pins whose images are not embedded yet (they join once they are). */
    pinsPending: z.number().int().nonnegative(),
  })
  .meta({ id: 'BoardProductsResponse' });
export type BoardProductsResponse = z.infer<typeof BoardProductsResponseSchema>;
