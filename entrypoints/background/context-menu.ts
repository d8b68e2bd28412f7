import { browser, type Browser } from 'wxt/browser';
import { type LastBoard, lastBoardItem } from '@/utils/saving/last-board-setting';
import { openSidePanel } from '@/utils/lib/platform/side-panel';
import { type PanelIntent, panelIntentItem } from '@/utils/settings/panel-intent';
import type { ImageToSave } from '@/utils/protocols/background-protocol';
import { MENU } from './menu-ids';
import { createWebSearchMenu, engineOfMenuItem, searchTheWebFromMenu } from './web-search-menu';
import type { Saving } from '../../utils/saving/background/saving';
import { i18n } from '#i18n';

/**
 * Right-click an image: save it to the last board, pick a board, find similar
 * products, check where it came from, or search the web for it. Picking a board,
 * finding similar and checking open the side panel on the right view for that image.
 */
export { MENU };
export { followWebSearchEngines } from './web-search-menu';

const saveToLastTitle = (board: LastBoard | null) =>
  board ? i18n.t('contextMenu.saveToLast', [board.name]) : i18n.t('contextMenu.saveToLoupe');

export async function createContextMenu() {
  await browser.contextMenus.removeAll();
  const items = [
    { id: MENU.saveToLast, title: saveToLastTitle(await lastBoardItem.getValue()) },
    { id: MENU.saveToBoard, title: i18n.t('contextMenu.saveToBoard') },
    { id: MENU.findSimilar, title: i18n.t('contextMenu.findSimilar') },
    { id: MENU.checkProvenance, title: i18n.t('contextMenu.checkProvenance') },
  ];
  for (const item of items) browser.contextMenus.create({ ...item, contexts: ['image'] });
  await createWebSearchMenu();
}

/** Keeps "Save to …" naming the board a quick save will use. */
export function followLastBoard() {
  return lastBoardItem.watch(
    (board) => void browser.contextMenus.update(MENU.saveToLast, { title: saveToLastTitle(board) }),
  );
}

const intentViews: Partial<Record<string, PanelIntent['view']>> = {
  [MENU.saveToBoard]: 'save',
  [MENU.findSimilar]: 'similar',
  [MENU.checkProvenance]: 'provenance',
};

export function handleMenuClick(
  saving: Saving,
  withProduct: (image: ImageToSave, tabId: number | undefined) => Promise<ImageToSave> = async (image) => image,
) {
  return (info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) => {
    const imageUrl = info.srcUrl;
    const engineId = engineOfMenuItem(info.menuItemId);
    if (engineId !== undefined) return searchTheWebFromMenu(engineId, info, tab);
    // Provenance can read any image the page shows (the panel fetches data: and blob: images
    // in the page's frame); saving and similar search need an address the backend can use.
    const checkingProvenance = info.menuItemId === MENU.checkProvenance;
    if (!imageUrl || !(/^https?:/.test(imageUrl) || (checkingProvenance && /^(data|blob):/.test(imageUrl)))) return;
    const image = { imageUrl, pageUrl: httpOrUndefined(info.pageUrl ?? tab?.url), pageTitle: tab?.title };

    if (info.menuItemId === MENU.saveToLast) {
      void withProduct(image, tab?.id)
        .then((withItsProduct) => saving.quickSave(withItsProduct))
        .catch((error: unknown) => console.warn('Loupe: quick save failed', error));
      return;
    }
    const view = intentViews[String(info.menuItemId)];
    if (!view) return;
    // Open the panel first, synchronously inside the click: Chrome allows it only during the user gesture.
    void openSidePanel({ tabId: tab?.id, windowId: tab?.windowId }).catch(() => {});
    void panelIntentItem.setValue({
      view,
      image: { url: imageUrl, pageUrl: image.pageUrl, pageTitle: image.pageTitle },
      where: { tabId: tab?.id, frameUrl: (info.frameUrl ?? info.pageUrl)?.split('#')[0] },
      createdAt: Date.now(),
    });
  };
}

/**
 * "Change board" on the hover button's confirmation: the panel opens on the board
 * picker for that image (where the browser allows opening it from a page click;
 * otherwise the picker is waiting the next time the person opens the panel).
 */
export async function chooseBoard(image: ImageToSave, sender: { tab?: { id?: number; windowId?: number } }) {
  const opening = openSidePanel({ tabId: sender.tab?.id, windowId: sender.tab?.windowId }).catch(() => {});
  await panelIntentItem.setValue({
    view: 'save',
    image: { url: image.imageUrl, pageUrl: image.pageUrl, pageTitle: image.pageTitle, altText: image.altText },
    createdAt: Date.now(),
  });
  await opening;
}

const httpOrUndefined = (url: string | undefined) => (url && /^https?:/.test(url) ? url : undefined);
