import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import { ApiError, createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import type { CreatePin } from '@/utils/contract';
import type { ImageToSave, QueuedConfirmation } from '@/utils/protocols/background-protocol';
import type { SaveBatch } from '@/utils/saving/save-batches';
import { createAddCapturedAfterSave } from '@/utils/products/captured/add-after-save';
import { createSaveQueue, type QueuedSave } from '@/utils/saving/save-queue';
import { countOutcome, startBatch } from '@/utils/saving/save-batches';
import { saveBatchesItem } from '@/utils/saving/save-batches-item';
import { DEFAULT_BOARD_NAME, type LastBoard, lastBoardItem } from '@/utils/saving/last-board-setting';
import { addCapturedProductsItem } from '@/utils/products/captured/captured-products-setting';
import { readConnectionSettings } from '@/utils/lib/connection';

/** The queue lives in local storage: it outlives the worker and the browser session. */
const queueItem = storage.defineItem<QueuedSave[]>('local:saveQueue', { fallback: [] });
export const SAVE_QUEUE_ALARM = 'loupe-save-queue';

async function apiClient() {
  const { backendUrl, token } = await readConnectionSettings();
  return createApiClient({ baseUrl: backendUrl, token, texts: apiErrorTexts });
}

export const pinFor = (image: ImageToSave, boardId: string): CreatePin => ({
  boardId,
  imageUrl: image.imageUrl,
  sourceUrl: image.pageUrl,
  sourceTitle: image.pageTitle,
  altText: image.altText,
  width: image.width,
  height: image.height,
  product: image.product,
});

export function createSaving() {
  // Batch tallies change one at a time: two saves landing together must not overwrite each other's count.
  let batchesTail: Promise<unknown> = Promise.resolve();
  const updateBatches = (change: (batches: SaveBatch[]) => SaveBatch[]) =>
    (batchesTail = batchesTail
      .then(async () => saveBatchesItem.setValue(change(await saveBatchesItem.getValue())))
      .catch((error: unknown) => console.info('Loupe: a save-many tally was not updated', error)));

  const addCapturedProduct = createAddCapturedAfterSave({
    isEnabled: () => addCapturedProductsItem.getValue(),
    add: async (request) => (await apiClient()).addCapturedProduct(request),
    onError: (error) => console.info('Loupe: the page’s product was not added to your catalogue', error),
  });
  const queue = createSaveQueue({
    store: { read: () => queueItem.getValue(), write: (items) => queueItem.setValue(items) },
    send: async (save) => (await apiClient()).savePin(save.pin, save.id),
    wakeAt: (when) => void browser.alarms.create(SAVE_QUEUE_ALARM, { when }),
    onSaved: (save, result) => {
      // Only once the pin is acknowledged, and without holding up the queue (not awaited; it never throws).
      void addCapturedProduct(save.pin);
      if (save.batchId) void updateBatches((batches) => countOutcome(batches, save.batchId!, result.outcome));
    },
  });

  /** The board quick saves go to: the last one used, or (the very first time) a board named "Saved". */
  async function quickSaveBoard(): Promise<LastBoard> {
    const last = await lastBoardItem.getValue();
    if (last) return last;
    const api = await apiClient();
    const boards = await api.listBoards().catch((error: unknown) => {
      throw new Error(
        i18n.t('errors.chooseBoardFirst', [error instanceof ApiError ? error.message : i18n.t('errors.backendSilent')]),
      );
    });
    const board =
      boards.find((b) => b.name.toLowerCase() === DEFAULT_BOARD_NAME.toLowerCase()) ??
      (await api.createBoard({ name: DEFAULT_BOARD_NAME }));
    const chosen = { id: board.id, name: board.name };
    await lastBoardItem.setValue(chosen);
    return chosen;
  }

  async function enqueue(image: ImageToSave, board: LastBoard): Promise<QueuedConfirmation> {
    const save = await queue.enqueue(pinFor(image, board.id), board.name);
    return { saveId: save.id, boardName: board.name };
  }

  return {
    queue,
    quickSave: async (image: ImageToSave) => enqueue(image, await quickSaveBoard()),
    async saveToBoard(image: ImageToSave, board: LastBoard) {
      await lastBoardItem.setValue(board);
      return enqueue(image, board);
    },
    /** Saves many images to one board: one batch, whose tally says how many were new and how many already saved. */
    async saveMany(images: ImageToSave[], board: LastBoard): Promise<SaveBatch> {
      await lastBoardItem.setValue(board);
      const batch: SaveBatch = {
        id: crypto.randomUUID(),
        boardId: board.id,
        boardName: board.name,
        total: images.length,
        created: 0,
        alreadySaved: 0,
        createdAt: Date.now(),
      };
      // The tally exists before any save can land and count in it.
      await updateBatches((batches) => startBatch(batches, batch));
      await queue.enqueueMany(
        images.map((image) => pinFor(image, board.id)),
        board.name,
        batch.id,
      );
      return batch;
    },
  };
}
export type Saving = ReturnType<typeof createSaving>;
