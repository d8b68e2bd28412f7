import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ImageRegion, ProductFilters } from '@/utils/contract';
import type { ImageLocation } from '@/utils/lib/image-bytes/read-image-bytes';
import { findSimilarProducts } from '@/utils/products/find-similar';
import { useApi } from '../lib/use-api';

/** Empty filter fields are not filters. */
const activeFilters = (filters: ProductFilters): ProductFilters =>
  Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''),
  ) as ProductFilters;

/**
 * Products that look like an image, or the region of it. A new image, region or filter cancels the
 * request in flight (TanStack Query aborts its signal) and results are cached per image, region and
 * filters for the panel's session.
 */
export function useSimilarProducts(
  imageUrl: string | undefined,
  where: ImageLocation,
  filters: ProductFilters,
  region?: ImageRegion,
) {
  const api = useApi();
  const active = activeFilters(filters);
  return useQuery({
    queryKey: ['products', 'similar', imageUrl, active, region ?? null],
    enabled: Boolean(api && imageUrl),
    staleTime: 5 * 60_000,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) =>
      findSimilarProducts(api!, imageUrl!, where, { ...active, ...(region ? { region } : {}), signal }),
  });
}

/** Keyword search; same caching and cancellation. */
export function useProductSearch(query: string, filters: ProductFilters) {
  const api = useApi();
  const active = activeFilters(filters);
  const q = query.trim();
  return useQuery({
    queryKey: ['products', 'search', q, active],
    enabled: Boolean(api && q),
    staleTime: 5 * 60_000,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => api!.searchProducts(q, { ...active, signal }),
  });
}
