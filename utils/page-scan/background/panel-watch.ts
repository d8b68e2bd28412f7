import { sendToPanels } from '@/utils/page-scan/panel-protocol';

/**
 * Whether one of Loupe's side panels (Firefox: sidebars, or the panel opened as
 * a page with `?tabId=`) shows `tabId`'s page list right now. Content scripts
 * ask on start, so a page (re)loading under an open panel is scanned at once
 * and any other page is not. The panels themselves are asked, each answering
 * only for the tab it shows: the browser's own view of them does not say which
 * tab a side panel follows (Chrome reports no window for it), and asking keeps
 * no state that a service-worker restart could lose.
 */
export async function panelShowsTab(tabId: number): Promise<boolean> {
  const answer: unknown = await sendToPanels('panel/shows-tab', { tabId }).catch(() => undefined);
  return answer === true;
}
