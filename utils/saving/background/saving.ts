import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { i18n } from '#i18n';
import { ApiError, createApiClient } from '@/utils/lib/api-client';
import { apiErrorTexts } from '@/utils/lib/i18n/api-error-texts';
import type { CreatePin } from '@/utils/contract';
import type { ImageToSave, QueuedConfirmation } from '@/utils/protocols/background-protocol';
import { createAddCapturedAfterSave } from '@/utils/products/captured/add-after-save';
import { createSaveQueue, type QueuedSave } from '@/utils/saving/save-queue';
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
  const addCapturedProduct = createAddCapturedAfterSave({
    isEnabled: () => addCapturedProductsItem.getValue(),
    add: async (request) => (await apiClient()).addCapturedProduct(request),
    onError: (error) => console.info('Loupe: the page’s product was not added to your catalogue', error),
  });
  const queue = createSaveQueue({
    store: { read: () => queueItem.getValue(), write: (items) => queueItem.setValue(items) },
    send: async (save) => (await apiClient()).savePin(save.pin, save.id),
    wakeAt: (when) => void browser.alarms.create(SAVE_QUEUE_ALARM, { when }),
    // Only once the pin is acknowledged, and without holding up the queue (not awaited; it never throws).
    onSaved: (save) => void addCapturedProduct(save.pin),
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
  };
}
export type Saving = ReturnType<typeof createSaving>;
