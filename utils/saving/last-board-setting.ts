import { storage } from 'wxt/utils/storage';

/** The board a quick save (hover button, "Save to …" menu item) goes to: the one used last. */
export interface LastBoard {
  id: string;
  name: string;
}
export const lastBoardItem = storage.defineItem<LastBoard | null>('local:lastBoard', { fallback: null });

/** The name of the board Loupe creates for a first quick save, before the person has chosen one. */
export const DEFAULT_BOARD_NAME = 'Saved';
