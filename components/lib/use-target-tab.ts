import { useEffect, useState } from 'react';
import { browser } from 'wxt/browser';

/**
 * The tab the side panel shows: `?tabId=N` when given (Firefox's sidebar and
 * tests open the panel as a page), otherwise the active tab of this window,
 * followed as the person switches tabs or navigates.
 */
export function useTargetTab(): { tabId: number | undefined; revision: number } {
  const pinned = Number.parseInt(new URLSearchParams(location.search).get('tabId') ?? '', 10);
  const [tabId, setTabId] = useState<number | undefined>(Number.isInteger(pinned) ? pinned : undefined);
  const [revision, setRevision] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const followActive = !Number.isInteger(pinned);
    const refresh = async () => {
      if (followActive) {
        const [active] = await browser.tabs.query({ active: true, currentWindow: true });
        if (!controller.signal.aborted) setTabId(active?.id);
      }
      if (!controller.signal.aborted) setRevision((value) => value + 1);
    };
    const onUpdated = (updatedId: number, change: { status?: string }) => {
      if (change.status === 'complete' && (followActive || updatedId === pinned)) void refresh();
    };
    const onActivated = () => followActive && void refresh();
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onActivated.addListener(onActivated);
    void refresh();
    return () => {
      controller.abort();
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onActivated.removeListener(onActivated);
    };
  }, [pinned]);

  return { tabId, revision };
}
