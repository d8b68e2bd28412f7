import { browser } from 'wxt/browser';

/**
 * Chrome has a side panel (`sidePanel`); Firefox has a sidebar (`sidebarAction`).
 * Both can only be opened during a user gesture, so call this synchronously
 * from the click (or context-menu) handler, before any `await`.
 */
interface SidePanelApis {
  sidePanel?: { open(options: { tabId?: number; windowId?: number }): Promise<void> };
  sidebarAction?: { open(): Promise<void> };
}

export function openSidePanel(
  target: { tabId?: number; windowId?: number },
  apis: SidePanelApis = browser as unknown as SidePanelApis,
): Promise<void> {
  if (apis.sidePanel)
    return apis.sidePanel.open(target.tabId !== undefined ? { tabId: target.tabId } : { windowId: target.windowId });
  if (apis.sidebarAction) return apis.sidebarAction.open();
  return Promise.reject(new Error('This browser has neither a side panel nor a sidebar'));
}
