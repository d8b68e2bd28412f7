import { browser } from 'wxt/browser';

/**
 * The toolbar button's API: `action` in Manifest V3 (Chrome), `browserAction`
 * in Manifest V2 (Firefox's build), where `action` does not exist at all.
 */
interface ToolbarButtonApi {
  setBadgeText(details: { tabId?: number; text: string }): Promise<void> | void;
}
interface ToolbarApis {
  action?: ToolbarButtonApi;
  browserAction?: ToolbarButtonApi;
}

/**
 * Sets the count on the toolbar button for one tab. Async, so a browser that has
 * neither API (or refuses, e.g. for a closed tab) rejects instead of throwing
 * into the caller's loop.
 */
export async function setToolbarBadge(
  tabId: number,
  text: string,
  apis: ToolbarApis = browser as unknown as ToolbarApis,
): Promise<void> {
  const button = apis.action ?? apis.browserAction;
  if (!button) throw new Error('This browser has no toolbar button API');
  await button.setBadgeText({ tabId, text });
}
