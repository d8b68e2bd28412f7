import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/utils/protocols';
import { PAGE_UPDATED, PANEL_SHOWS_TAB } from '@/utils/page-scan/panel-protocol';

/**
 * The images and product of a tab, refreshed whenever the background hears the
 * page change. While it is shown, it answers yes when the background asks
 * whether a panel shows that tab, so a page loading there is scanned at once
 * (see panel-watch.ts).
 */
export function usePageSnapshot(tabId: number | undefined, revision: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const onMessage = (message: unknown, sender: { id?: string; tab?: unknown }) => {
      const update = message as { loupe?: number; type?: string; payload?: { tabId?: unknown } };
      // Only the background speaks here: this extension, and not from a tab.
      if (update?.loupe !== 1 || sender.id !== browser.runtime.id || sender.tab || tabId === undefined || update.payload?.tabId !== tabId) return undefined;
      if (update.type === PAGE_UPDATED) void queryClient.invalidateQueries({ queryKey: ['page', tabId] });
      if (update.type === PANEL_SHOWS_TAB) return Promise.resolve(true); // panels showing other tabs stay silent
      return undefined;
    };
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [tabId, queryClient]);

  return useQuery({
    queryKey: ['page', tabId, revision],
    enabled: tabId !== undefined,
    queryFn: () => sendToBackground('tab/page', { tabId: tabId! }),
  });
}
