import {
  type AddCapturedProduct,
  type AddCapturedProductResult,
  AddCapturedProductResultSchema,
  type CatalogImport,
  CatalogImportSchema,
  type CreateCatalogImport,
  type ForgetCapturedProductsResult,
  type ImageRegion,
  regionParam,
  ForgetCapturedProductsResultSchema,
  type ProductFilters,
  type ProductSearchResponse,
  ProductSearchResponseSchema,
  type SimilarProductsResponse,
  SimilarProductsResponseSchema,
} from '../../contract';
import type { Call } from './call';

/** What to find products like: an image address the backend fetches, one of your pins, or image bytes. */
export type SimilarTarget = { url: string } | { pinId: string } | Blob;

export interface SearchOptions extends ProductFilters {
  /** How many results (default 12, at most 100). */
  k?: number;
  signal?: AbortSignal;
}

/** A similar search may look at a part of the image only. */
export interface SimilarSearchOptions extends SearchOptions {
  region?: ImageRegion;
}

/** The filters and `k` as query parameters (only those set). */
function searchParams(options: Omit<SearchOptions, 'signal'> & { q?: string; region?: string }): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Product search, catalogue imports and your captured products, on top of the client's validated `call`. */
export function productsEndpoints(call: Call) {
  return {
    /** Products that look like the target, closest first, each with its similarity, and whether any is a close match. */
    // The region travels in the JSON body beside a URL or pin; an upload's body is the image, so it takes ?region=.
    similarProducts: (
      target: SimilarTarget,
      { signal, region, ...filters }: SimilarSearchOptions = {},
    ): Promise<SimilarProductsResponse> =>
      target instanceof Blob
        ? call(
            `/v1/products/similar${searchParams({ ...filters, ...(region ? { region: regionParam(region) } : {}) })}`,
            SimilarProductsResponseSchema,
            {
              method: 'POST',
              headers: { 'content-type': target.type.startsWith('image/') ? target.type : 'application/octet-stream' },
              body: target,
              signal,
            },
          )
        : call(`/v1/products/similar${searchParams(filters)}`, SimilarProductsResponseSchema, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(region ? { ...target, region } : target),
            signal,
          }),

    /** Keyword search over title, brand and description (blended with image similarity when the model reads text). */
    searchProducts: (q: string, { signal, ...filters }: SearchOptions = {}): Promise<ProductSearchResponse> =>
      call(`/v1/products/search${searchParams({ q, ...filters })}`, ProductSearchResponseSchema, { signal }),

    /** Starts importing a feed (admin tokens only); poll `catalogImport(id)` for progress. */
    startCatalogImport: (request: CreateCatalogImport): Promise<CatalogImport> =>
      call('/v1/catalog/imports', CatalogImportSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      }),

    catalogImport: (id: string, signal?: AbortSignal): Promise<CatalogImport> =>
      call(`/v1/catalog/imports/${encodeURIComponent(id)}`, CatalogImportSchema, { signal }),

    /** Adds a product captured on a page to your own catalogue (private to you); idempotent per product link. 422 when it lacks a price, currency or image. */
    addCapturedProduct: (request: AddCapturedProduct, signal?: AbortSignal): Promise<AddCapturedProductResult> =>
      call('/v1/catalog/captured', AddCapturedProductResultSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
        signal,
      }),

    /** Removes every product you captured from your catalogue. */
    forgetCapturedProducts: (signal?: AbortSignal): Promise<ForgetCapturedProductsResult> =>
      call('/v1/catalog/captured', ForgetCapturedProductsResultSchema, { method: 'DELETE', signal }),
  };
}
