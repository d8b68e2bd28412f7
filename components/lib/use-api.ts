import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo } from 'react';
import { type ApiClient, createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import type { Pin, UpdatePin } from '@/utils/contract';
import { useConnectionSettings } from './use-connection';

/** The API client for the configured backend, or undefined until a token is set. */
export function useApi(): ApiClient | undefined {
  const settings = useConnectionSettings();
  return useMemo(
    () =>
      settings?.token
        ? createApiClient({ baseUrl: settings.backendUrl, token: settings.token, texts: apiErrorTexts })
        : undefined,
    [settings],
  );
}

/** Query keys in one place, so a save or an edit invalidates exactly what it changed. */
export const queryKeys = {
  boards: ['boards'] as const,
  boardPins: (boardId: string) => ['boards', boardId, 'pins'] as const,
  /** Under `boards`: anything that changes pins refreshes it too. */
  savedLookup: (imageUrls: string[]) => ['boards', 'saved-lookup', imageUrls] as const,
};

/** The boards each of these images is already saved to, by image URL. */
export function useSavedLookup(imageUrls: string[]) {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.savedLookup(imageUrls),
    enabled: Boolean(api) && imageUrls.length > 0,
    queryFn: async ({ signal }) => {
      const byUrl = new Map<string, string[]>();
      for (const { imageUrl, boardName } of await api!.savedLookup(imageUrls.slice(0, 1000), signal))
        byUrl.set(imageUrl, [...(byUrl.get(imageUrl) ?? []), boardName]);
      return byUrl;
    },
  });
}

export function useBoards() {
  const api = useApi();
  return useQuery({
    queryKey: queryKeys.boards,
    enabled: Boolean(api),
    queryFn: ({ signal }) => api!.listBoards(signal),
  });
}

export function useBoardPins(boardId: string) {
  const api = useApi();
  return useInfiniteQuery({
    queryKey: queryKeys.boardPins(boardId),
    enabled: Boolean(api),
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam, signal }) => api!.boardPins(boardId, { cursor: pageParam, limit: 60, signal }),
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useCreateBoard() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api!.createBoard({ name }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.boards }),
  });
}

export function useDeleteBoard() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (boardId: string) => api!.deleteBoard(boardId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.boards }),
  });
}

export function useUpdatePin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ pinId, change }: { pinId: string; change: UpdatePin }) => api!.updatePin(pinId, change),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.boards }),
  });
}

export function useDeletePin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pinId: string) => api!.deletePin(pinId),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.boards }),
  });
}

/** Puts a deleted pin back (its "Undo"): saved again with everything it had; it gets a new id. */
export function useRestorePin() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (pin: Pin) =>
      api!.savePin({
        boardId: pin.boardId,
        imageUrl: pin.imageUrl,
        sourceUrl: pin.sourceUrl ?? undefined,
        sourceTitle: pin.sourceTitle ?? undefined,
        altText: pin.altText ?? undefined,
        product: pin.product ?? undefined,
        note: pin.note,
        tags: pin.tags,
        colors: pin.colors,
        width: pin.width ?? undefined,
        height: pin.height ?? undefined,
        provenance: pin.provenance ?? undefined,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.boards }),
  });
}
