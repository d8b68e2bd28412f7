import { browser, type Browser } from 'wxt/browser';
import { webSearchEngines, webSearchItem, type WebSearchSettings } from '@/utils/settings/preferences';
import { searchTheWeb } from '../../utils/web-search/background/search-the-web';
import { MENU, webSearchItem as webSearchMenuItem } from './menu-ids';
import { i18n } from '#i18n';

/**
 * The right-click menu's "Search the web ▸", one item per engine that is on (none when all are
 * off). Rebuilt whenever the engines change in the popup; each rebuild waits for the one before.
 */
let building = Promise.resolve();

export function createWebSearchMenu(settings?: WebSearchSettings): Promise<void> {
  building = building.then(async () => {
    await browser.contextMenus.remove(MENU.webSearch).catch(() => {});
    const engines = webSearchEngines(settings ?? (await webSearchItem.getValue())).filter((engine) => engine.on);
    if (engines.length === 0) return;
    browser.contextMenus.create({ id: MENU.webSearch, title: i18n.t('contextMenu.searchTheWeb'), contexts: ['image'] });
    for (const engine of engines)
      browser.contextMenus.create({
        id: webSearchMenuItem(engine.id),
        parentId: MENU.webSearch,
        title: engine.name,
        contexts: ['image'],
      });
  });
  return building;
}

/** Keeps the submenu in step with the popup's engines. */
export const followWebSearchEngines = () =>
  webSearchItem.watch((settings) => void createWebSearchMenu(settings).catch(() => {}));

/** The engine a menu click picked, or undefined for other items. */
export const engineOfMenuItem = (menuItemId: string | number): string | undefined => {
  const prefix = `${MENU.webSearch}/`;
  return String(menuItemId).startsWith(prefix) ? String(menuItemId).slice(prefix.length) : undefined;
};

/** A click on an engine: the image goes to it in a new tab (by address, or its bytes through the upload page). */
export function searchTheWebFromMenu(engineId: string, info: Browser.contextMenus.OnClickData, tab?: Browser.tabs.Tab) {
  if (!info.srcUrl) return;
  void searchTheWeb({
    engineId,
    imageUrl: info.srcUrl,
    where: { tabId: tab?.id, frameUrl: (info.frameUrl ?? info.pageUrl)?.split('#')[0] },
  }).catch((error: unknown) => console.warn('Loupe: search the web failed', error));
}
