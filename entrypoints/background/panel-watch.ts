import { browser } from 'wxt/browser';

/** The tab a content script runs in, as its message sender describes it. */
export interface SenderTab {
  id?: number;
  windowId?: number;
  active?: boolean;
}

const PANEL_PAGE = '/sidepanel.html';

/** An open panel page: the tab it was opened for (`?tabId=`), if any, and its window when it is a real side panel. */
interface OpenPanel {
  pinnedTabId: number | null;
  /** Set for a side panel or sidebar, which shows its window's active tab unless pinned. */
  sidePanelWindowId: number | null;
}

/**
 * Whether one of Loupe's side panels shows `tab` right now: a panel opened for
 * it with `?tabId=` (as tests and links do), or a side panel (Firefox: sidebar)
 * of its window while it is the active tab. Content scripts ask on start, so a
 * page (re)loading under an open panel is scanned at once and any other page is
 * not. The browser is asked each time, so the answer survives service-worker restarts.
 */
export async function panelShowsTab(tab: SenderTab): Promise<boolean> {
  if (tab.id === undefined) return false;
  return (await openPanels(tab.windowId)).some(({ pinnedTabId, sidePanelWindowId }) =>
    pinnedTabId !== null ? pinnedTabId === tab.id : sidePanelWindowId !== null && sidePanelWindowId === tab.windowId && tab.active === true,
  );
}

function panel(url: string | undefined, sidePanelWindowId: number | null): OpenPanel | null {
  if (!url) return null;
  const parsed = new URL(url);
  if (parsed.pathname !== PANEL_PAGE) return null;
  const pinned = Number.parseInt(parsed.searchParams.get('tabId') ?? '', 10);
  return { pinnedTabId: Number.isInteger(pinned) ? pinned : null, sidePanelWindowId };
}

async function openPanels(windowId: number | undefined): Promise<OpenPanel[]> {
  if (typeof browser.runtime.getContexts === 'function') {
    const contexts = await browser.runtime.getContexts({ contextTypes: ['SIDE_PANEL', 'TAB'] });
    return contexts.flatMap((context) => panel(context.documentUrl, context.contextType === 'SIDE_PANEL' ? context.windowId : null) ?? []);
  }
  // Firefox's event page can list its extension views instead: the sidebar of the tab's window, and panel pages in tabs.
  const views = (properties: { type: 'sidebar' | 'tab'; windowId?: number }) =>
    (browser.extension.getViews as (properties: object) => unknown[])(properties).map((view) => (view as globalThis.Window).location.href);
  const sidebars = windowId === undefined ? [] : views({ type: 'sidebar', windowId });
  return [...sidebars.flatMap((url) => panel(url, windowId!) ?? []), ...views({ type: 'tab' }).flatMap((url) => panel(url, null) ?? [])];
}
