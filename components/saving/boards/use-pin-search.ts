import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useApi } from '@/components/lib/use-api';
import type { ProductFilters } from '@/utils/contract';

/**
 * Search your saves and shop a board. The keys sit under `boards`, so a save, an edit or a move
 * (which invalidate `boards`) refreshes them too.
 */
const keys = {
  search: (q: string) => ['boards', 'search', q] as const,
  moreLike: (pinId: string) => ['boards', 'more-like', pinId] as const,
  products: (boardId: string, filters: ProductFilters) => ['boards', boardId, 'products', filters] as const,
};

/** Your pins matching the words (their text, and their images' meaning when the model reads text). */
export function usePinSearch(q: string) {
  const api = useApi();
  const words = q.trim();
  return useQuery({
    queryKey: keys.search(words),
    enabled: Boolean(api && words),
    placeholderData: keepPreviousData,
    retry: false,
    queryFn: ({ signal }) => api!.searchPins(words, { signal }),
  });
}

/** "More like this in my boards": your other pins that look like this one. */
export function useMorePinsLike(pinId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.moreLike(pinId),
    enabled: Boolean(api),
    retry: false,
    queryFn: ({ signal }) => api!.similarPins({ pinId }, { k: 12, signal }),
  });
}

/** Shop this board: products that look like its pins, each with the pins behind it, within the filters. */
export function useBoardProducts(boardId: string, filters: ProductFilters = {}) {
  const api = useApi();
  return useQuery({
    queryKey: keys.products(boardId, filters),
    enabled: Boolean(api),
    retry: false,
    staleTime: 60_000,
    queryFn: ({ signal }) => api!.boardProducts(boardId, { ...filters, signal }),
  });
}
