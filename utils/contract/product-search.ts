import { z } from 'zod';
import { AvailabilitySchema, DecimalPriceSchema } from './captured-product';
import { PinProvenanceSchema } from './boards';
import { CurrencyCodeSchema, FeedFormatSchema, FeedRowErrorSchema, WebUrlSchema } from './products';
import { text } from './text';

/**
 * Product search: "find where to buy what you see" (similar images) and
 * keyword search, over the catalogue imported from shop feeds; and the
 * catalogue imports themselves (admins only).
 */

/** A product as search results show it. */
export const ProductSummarySchema = z
  .object({
    id: z.uuid(),
    title: z.string(),
    brand: z.string().nullable(),
    /** Decimal string, as in the feed ("19.99"). The sale price when the product is on sale. */
    price: DecimalPriceSchema,
    currency: z.string(),
    availability: AvailabilitySchema,
    link: WebUrlSchema,
    imageUrl: WebUrlSchema,
    /** The feed (source) the product came from; `captured` for one of your own captured products (private to you). */
    source: z.string(),
  })
  .meta({ id: 'ProductSummary' });
export type ProductSummary = z.infer<typeof ProductSummarySchema>;

export const ProductSearchResultSchema = z
  .object({
    product: ProductSummarySchema,
    /** Higher is closer: cosine similarity for image search, a blend of text rank and similarity for keyword search. */
    score: z.number(),
    /** What is known about where the product image came from, when it was analysed. */
    provenance: PinProvenanceSchema.optional(),
  })
  .meta({ id: 'ProductSearchResult' });
export type ProductSearchResult = z.infer<typeof ProductSearchResultSchema>;

export const ProductSearchResponseSchema = z
  .object({ results: z.array(ProductSearchResultSchema) })
  .meta({ id: 'ProductSearchResponse' });
export type ProductSearchResponse = z.infer<typeof ProductSearchResponseSchema>;

/** A similar-image result: how alike the two images are, and whether that is close enough to call a match. */
export const SimilarProductResultSchema = ProductSearchResultSchema.extend({
  /** 0 (nothing alike) to 1 (the same image): the cosine similarity of the two images' embeddings, floored at 0. */
  similarity: z.number().min(0).max(1),
  /** At or above the response's `closeMatchSimilarity`: likely the same product. */
  close: z.boolean(),
}).meta({ id: 'SimilarProductResult' });
export type SimilarProductResult = z.infer<typeof SimilarProductResultSchema>;

export const SimilarProductsResponseSchema = z
  .object({
    /** Closest first. */
    results: z.array(SimilarProductResultSchema),
    /** Whether any result is a close match. When false, nothing in the catalogue looks like the image: say so. */
    closeMatch: z.boolean(),
    /** The similarity from which a result counts as close (calibrated for the server's embedding model). */
    closeMatchSimilarity: z.number().min(0).max(1),
  })
  .meta({ id: 'SimilarProductsResponse' });
export type SimilarProductsResponse = z.infer<typeof SimilarProductsResponseSchema>;

/** Filters both searches accept (query parameters). */
export const ProductFiltersSchema = z.object({
  minPrice: DecimalPriceSchema.optional().meta({
    description: 'Lowest price (inclusive), in the products’ own currency',
  }),
  maxPrice: DecimalPriceSchema.optional().meta({ description: 'Highest price (inclusive)' }),
  currency: CurrencyCodeSchema.optional(),
  availability: AvailabilitySchema.optional(),
  brand: text().min(1).max(200).optional().meta({ description: 'Exact brand, case-insensitive' }),
  source: text().min(1).max(100).optional().meta({ description: 'Only products from this feed' }),
});
export type ProductFilters = z.infer<typeof ProductFiltersSchema>;

export const MAX_SEARCH_RESULTS = 100;
export const DEFAULT_SEARCH_RESULTS = 12;
const K = z.coerce.number().int().min(1).max(MAX_SEARCH_RESULTS).default(DEFAULT_SEARCH_RESULTS);

/** Leeway for fractions that went through floating-point arithmetic (0.1 + 0.9 > 1). */
const EDGE = 1e-6;

/** A part of an image, in fractions of its width and height (as it is shown: after EXIF orientation), from its top-left corner. */
export const ImageRegionSchema = z
  .object({
    left: z.number().min(0).max(1),
    top: z.number().min(0).max(1),
    width: z.number().gt(0).max(1),
    height: z.number().gt(0).max(1),
  })
  .strict()
  .refine((r) => r.left + r.width <= 1 + EDGE && r.top + r.height <= 1 + EDGE, 'the region must lie inside the image')
  .meta({
    id: 'ImageRegion',
    description:
      'Fractions of the image’s width and height, from its top-left corner, e.g. the right half is {"left": 0.5, "top": 0, "width": 0.5, "height": 1}',
  });
export type ImageRegion = z.infer<typeof ImageRegionSchema>;

/**
 * The whole pixels of a `size` image that `region` names, rounding outwards so a region never loses
 * its edge pixels: the server crops a similar search's image by it, the extension a web search's.
 */
export function pixelBox(region: ImageRegion, size: { width: number; height: number }) {
  const left = Math.min(size.width - 1, Math.max(0, Math.floor(region.left * size.width)));
  const top = Math.min(size.height - 1, Math.max(0, Math.floor(region.top * size.height)));
  const right = Math.min(size.width, Math.ceil((region.left + region.width) * size.width));
  const bottom = Math.min(size.height, Math.ceil((region.top + region.height) * size.height));
  return { left, top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
}

/** A region as one query parameter, for image uploads: `left,top,width,height`. */
export const regionParam = (r: ImageRegion) =>
  [r.left, r.top, r.width, r.height].map((n) => String(Math.round(n * 1e4) / 1e4)).join(',');

/** The region a `region=left,top,width,height` parameter names, or the reason it names none. */
export function parseRegionParam(text: string): { region: ImageRegion } | { error: string } {
  const parts = text.split(',');
  const numbers = parts.map((part) => (part.trim() === '' ? Number.NaN : Number(part)));
  if (parts.length !== 4 || numbers.some((n) => !Number.isFinite(n)))
    return { error: 'region is four numbers: left,top,width,height, as fractions of the image (0 to 1)' };
  const [left, top, width, height] = numbers as [number, number, number, number];
  const parsed = ImageRegionSchema.safeParse({ left, top, width, height });
  return parsed.success
    ? { region: parsed.data }
    : { error: `region: ${parsed.error.issues.map((issue) => issue.message).join('; ')}` };
}

export const SimilarProductsQuerySchema = ProductFiltersSchema.extend({
  k: K,
  region: text().max(100).optional().meta({
    description:
      'For an uploaded image: search only this part of it, `left,top,width,height` as fractions of its width and height (JSON requests send `region` in the body)',
    example: '0.25,0.1,0.5,0.6',
  }),
});
export type SimilarProductsQuery = z.input<typeof SimilarProductsQuerySchema>;

/**
 * `POST /v1/products/similar` with JSON: an image URL to fetch, or one of your pins, and optionally the
 * region of it to search. (Or send the image bytes as `image/*`, with `?region=`.)
 */
export const SimilarProductsRequestSchema = z
  .union([
    z.object({ url: WebUrlSchema, region: ImageRegionSchema.optional() }).strict(),
    z.object({ pinId: z.uuid(), region: ImageRegionSchema.optional() }).strict(),
  ])
  .meta({ id: 'SimilarProductsRequest' });
export type SimilarProductsRequest = z.infer<typeof SimilarProductsRequestSchema>;

export const ProductTextSearchQuerySchema = ProductFiltersSchema.extend({ q: text().trim().min(1).max(500), k: K });
export type ProductTextSearchQuery = z.input<typeof ProductTextSearchQuerySchema>;

/** A catalogue source name: what `--source` and re-imports key on. */
export const CatalogSourceSchema = text()
  .min(1)
  .max(100)
  .regex(/^[\w.-]+$/, 'a source name uses letters, digits, ".", "_" and "-"')
  // Reserved for products users' browsing captured (CAPTURED_SOURCE in captured-catalog.ts, which imports this file):
  // a feed of that name would mix shared products into users' private ones.
  .refine(
    (name) => name.toLowerCase() !== 'captured',
    '"captured" is reserved for the products captured while browsing',
  );

export const CreateCatalogImportSchema = z
  .object({
    url: WebUrlSchema,
    source: CatalogSourceSchema,
    format: FeedFormatSchema.optional(),
    /** Shopify feeds carry no currency: the shop's currency. */
    currency: CurrencyCodeSchema.optional(),
    /** Default true. False imports products without embedding their images (no model needed). */
    embed: z.boolean().default(true),
  })
  .meta({ id: 'CreateCatalogImport' });
export type CreateCatalogImport = z.input<typeof CreateCatalogImportSchema>;

export const CatalogImportStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted']);
export type CatalogImportStatus = z.infer<typeof CatalogImportStatusSchema>;

export const CatalogImportErrorSchema = FeedRowErrorSchema.extend({ kind: z.enum(['row', 'image']) }).meta({
  id: 'CatalogImportError',
});
export type CatalogImportError = z.infer<typeof CatalogImportErrorSchema>;

export const CatalogImportSchema = z
  .object({
    id: z.uuid(),
    source: z.string(),
    location: z.string(),
    status: CatalogImportStatusSchema,
    counts: z.object({
      /** Feed rows handled so far (good and bad): the resume position. */
      rows: z.number().int(),
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      removed: z.number().int(),
      failedRows: z.number().int(),
      imagesEmbedded: z.number().int(),
      imageErrors: z.number().int(),
    }),
    /** Why it failed, or a note such as images left unembedded. */
    message: z.string().nullable(),
    /** The first row errors (bad rows skipped, images not embedded), by line. */
    errors: z.array(CatalogImportErrorSchema),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'CatalogImport' });
export type CatalogImport = z.infer<typeof CatalogImportSchema>;
