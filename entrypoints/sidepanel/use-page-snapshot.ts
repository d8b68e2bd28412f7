import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { sendToBackground } from '@/utils/messaging';

/** The images and product of a tab, refreshed whenever the background hears the page change. */
export function usePageSnapshot(tabId: number | undefined, revision: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    const onMessage = (message: unknown) => {
      const update = message as { loupe?: number; type?: string; payload?: { tabId?: unknown } };
      if (update?.loupe === 1 && update.type === 'page/updated' && update.payload?.tabId === tabId) {
        void queryClient.invalidateQueries({ queryKey: ['page', tabId] });
      }
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
