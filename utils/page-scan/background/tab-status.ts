import { browser } from 'wxt/browser';
import type { TabStatus } from '@/utils/protocols/background-protocol';
import { sendToTab } from '@/utils/protocols';

/** Asks the tab's content script whether it runs; a tab without one (chrome:// pages, the Web Store, blocked sites) is "absent". */
export async function tabStatus({ tabId }: { tabId: number }): Promise<TabStatus> {
  try {
    const { url } = await sendToTab(tabId)('content/ping', {});
    return { tabId, contentScript: 'alive', url };
  } catch {
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    return { tabId, contentScript: 'absent', url: tab?.url };
  }
}
