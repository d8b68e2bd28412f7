import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { browser } from 'wxt/browser';
import { ownIdentity, sendToBackground } from '@/utils/protocols';
import { createReceiver } from '@/utils/lib/messaging/receiver';
import { panelProtocol } from '@/utils/page-scan/panel-protocol';

/**
 * The images and product of a tab, refreshed whenever the background hears the
 * page change. While it is shown, it answers yes when the background asks
 * whether a panel shows that tab, so a page loading there is scanned at once
 * (see panel-watch.ts).
 */
export function usePageSnapshot(tabId: number | undefined, revision: number) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (tabId === undefined) return;
    const onMessage = createReceiver(
      panelProtocol,
      {
        'panel/shows-tab': () => true as const,
        'page/updated': () => void queryClient.invalidateQueries({ queryKey: ['page', tabId] }),
      },
      ownIdentity(),
      // Panels hear every runtime message (the popup's to the background too): answer only the panel
      // protocol, and only about this panel's tab, so the panel showing it gives the answer.
      {
        answers: (type, payload) =>
          Object.hasOwn(panelProtocol, type) && (payload as { tabId?: unknown } | null)?.tabId === tabId,
      },
    );
    browser.runtime.onMessage.addListener(onMessage);
    return () => browser.runtime.onMessage.removeListener(onMessage);
  }, [tabId, queryClient]);

  return useQuery({
    queryKey: ['page', tabId, revision],
    enabled: tabId !== undefined,
    queryFn: () => sendToBackground('tab/page', { tabId: tabId! }),
  });
}
