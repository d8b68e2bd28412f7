import { storage } from 'wxt/utils/storage';

/**
 * What the side panel should show when it opens, set by the context menu just
 * before it opens the panel: e.g. "pick a board for this image". Session
 * storage: it means nothing after the browser restarts.
 */
export interface PanelIntent {
  view: 'save' | 'similar' | 'provenance';
  image: { url: string; pageUrl?: string; pageTitle?: string; altText?: string };
  /** Where the image was right-clicked: the frame that can read it again (e.g. a `blob:` image). */
  where?: { tabId?: number; frameUrl?: string };
  /** So the panel acts on each intent once. */
  createdAt: number;
}
export const panelIntentItem = storage.defineItem<PanelIntent | null>('session:panelIntent', { fallback: null });
