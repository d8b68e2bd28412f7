import type { ExtensionBrowser } from './browser';

/** The live service worker (Chrome may have replaced the one the fixture first saw). */
export function currentWorker(extension: ExtensionBrowser) {
  return (
    extension.context
      .serviceWorkers()
      .find((worker) => worker.url().startsWith(`chrome-extension://${extension.id}/`)) ?? extension.serviceWorker
  );
}

/** Runs the extension's real context-menu listener, as a right-click → menu item would. */
export async function clickContextMenu(
  extension: ExtensionBrowser,
  menuItemId: string,
  info: { srcUrl: string; pageUrl: string },
  tabId: number,
) {
  await currentWorker(extension).evaluate(
    async ({ menuItemId, info, tabId }) => {
      const tab = await chrome.tabs.get(tabId);
      // @ts-expect-error dispatch exists on Chrome's event objects, not in the typings
      chrome.contextMenus.onClicked.dispatch({ menuItemId, editable: false, mediaType: 'image', ...info }, tab);
    },
    { menuItemId, info, tabId },
  );
}

/** What the persistent save queue holds right now. */
export function queuedSaves(extension: ExtensionBrowser) {
  return currentWorker(extension).evaluate(
    async () => ((await chrome.storage.local.get('saveQueue')).saveQueue ?? []) as { id: string; state: string }[],
  );
}
