import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ProductFilters } from '@/utils/contract';
import type { ImageLocation } from '@/utils/lib/image-bytes/read-image-bytes';
import { findSimilarProducts } from '@/utils/products/find-similar';
import { useApi } from '../lib/use-api';

/** Empty filter fields are not filters. */
const activeFilters = (filters: ProductFilters): ProductFilters =>
  Object.fromEntries(
    Object.entries(filters).filter(([, value]) => value !== undefined && value !== ''),
  ) as ProductFilters;

/**
 * Products that look like an image. A new image or filter cancels the request
 * in flight (TanStack Query aborts its signal) and results are cached per
 * image and filters for the panel's session.
 */
export function useSimilarProducts(imageUrl: string | undefined, where: ImageLocation, filters: ProductFilters) {
  const api = useApi();
  const active = activeFilters(filters);
  return useQuery({
    queryKey: ['products', 'similar', imageUrl, active],
    enabled: Boolean(api && imageUrl),
    staleTime: 5 * 60_000,
    retry: false,
    placeholderData: keepPreviousData,
    queryFn: ({ signal }) => findSimilarProducts(api!, imageUrl!, where, { ...active, signal }),
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
