import { z } from 'zod';
import {
  type Board,
  BoardListSchema,
  BoardSchema,
  type CreateBoard,
  type CreatePin,
  type Pin,
  type PinPage,
  PinPageSchema,
  PinSchema,
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
  };
}
