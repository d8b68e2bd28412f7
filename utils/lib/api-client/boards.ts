import { z } from 'zod';
import {
  type Board,
  BoardListSchema,
  type BoardProductsResponse,
  BoardProductsResponseSchema,
  BoardSchema,
  type CreateBoard,
  type CreatePin,
  type Pin,
  type PinPage,
  type ProductFilters,
  PinPageSchema,
  PinSchema,
  type PinSearchResponse,
  PinSearchResponseSchema,
  type SavedLookup,
  SavedLookupSchema,
  type SavePinResult,
  SavePinResultSchema,
  type UpdateBoard,
  type UpdatePin,
} from '../../contract';
import type { Call } from './call';

const json = (method: string, body: unknown, headers: Record<string, string> = {}) => ({
  method,
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

const NoContent = z.undefined();

/** Query parameters from the options that are set. */
const query = (options: Record<string, string | number | undefined>) => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(options))
    if (value !== undefined && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : '';
};

/** What "more like this" looks for: one of your pins, an image address the backend fetches, or image bytes. */
export type SimilarPinsTarget = { pinId: string } | { url: string } | Blob;

/** Boards and pins endpoints, on top of the client's validated `call`. */
export function boardsEndpoints(call: Call) {
  return {
    listBoards: async (signal?: AbortSignal): Promise<Board[]> =>
      (await call('/v1/boards', BoardListSchema, { signal })).items,
    getBoard: (id: string, signal?: AbortSignal): Promise<Board> =>
      call(`/v1/boards/${encodeURIComponent(id)}`, BoardSchema, { signal }),
    createBoard: (board: CreateBoard): Promise<Board> => call('/v1/boards', BoardSchema, json('POST', board)),
    updateBoard: (id: string, change: UpdateBoard): Promise<Board> =>
      call(`/v1/boards/${encodeURIComponent(id)}`, BoardSchema, json('PATCH', change)),
    deleteBoard: (id: string): Promise<void> =>
      call(`/v1/boards/${encodeURIComponent(id)}`, NoContent, { method: 'DELETE' }),
    boardPins: (
      id: string,
      { cursor, limit = 50, signal }: { cursor?: string; limit?: number; signal?: AbortSignal } = {},
    ): Promise<PinPage> =>
      call(
        `/v1/boards/${encodeURIComponent(id)}/pins?${new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) })}`,
        PinPageSchema,
        { signal },
      ),
    /** Saves a pin; `idempotencyKey` makes retries safe (the save queue passes its save id). */
    savePin: (pin: CreatePin, idempotencyKey?: string): Promise<SavePinResult> =>
      call(
        '/v1/pins',
        SavePinResultSchema,
        json('POST', pin, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      ),
    updatePin: (id: string, change: UpdatePin): Promise<Pin> =>
      call(`/v1/pins/${encodeURIComponent(id)}`, PinSchema, json('PATCH', change)),
    /** Which of these image URLs the user has saved, and where. */
    savedLookup: async (imageUrls: string[], signal?: AbortSignal): Promise<SavedLookup['saved']> =>
      (await call('/v1/pins/lookup', SavedLookupSchema, { ...json('POST', { imageUrls }), signal })).saved,
    deletePin: (id: string): Promise<void> =>
      call(`/v1/pins/${encodeURIComponent(id)}`, NoContent, { method: 'DELETE' }),
    /** Search your saves by words: their text, and (when the model reads text) what their images show. */
    searchPins: (q: string, { k, signal }: { k?: number; signal?: AbortSignal } = {}): Promise<PinSearchResponse> =>
      call(`/v1/pins/search${query({ q, k })}`, PinSearchResponseSchema, { signal }),
    /** More like this: your pins that look like a pin (itself left out) or an image, closest first. */
    similarPins: (
      target: SimilarPinsTarget,
      { k, signal }: { k?: number; signal?: AbortSignal } = {},
    ): Promise<PinSearchResponse> =>
      call(`/v1/pins/similar${query({ k })}`, PinSearchResponseSchema, {
        ...(target instanceof Blob
          ? {
              method: 'POST',
              headers: { 'content-type': target.type.startsWith('image/') ? target.type : 'application/octet-stream' },
              body: target,
            }
          : json('POST', target)),
        signal,
      }),
    /** Shop this board: products that look like its pins, each saying which (`because`). */
    boardProducts: (
      id: string,
      { signal, ...filters }: ProductFilters & { k?: number; signal?: AbortSignal } = {},
    ): Promise<BoardProductsResponse> =>
      call(`/v1/boards/${encodeURIComponent(id)}/products${query(filters)}`, BoardProductsResponseSchema, { signal }),
  };
}
