import { browser } from 'wxt/browser';
import { message } from '@/utils/lib/messaging/protocol';
import { createSender } from '@/utils/lib/messaging/sender';
import { integer, object } from '@/utils/lib/messaging/tiny-validators';

/**
 * Messages the background sends to Loupe's open extension pages (side panels, sidebars). Every
 * panel hears each one; only a panel showing the tab concerned answers.
 */
export const panelProtocol = {
  /** "Does your This page view show tab N?" Only a panel showing it answers (true). */
  'panel/shows-tab': message<true>()({ from: ['extension'], request: object({ tabId: integer() }) }),
  /** "What tab N shows changed": panels showing it ask the background for the page again. */
  'page/updated': message()({ from: ['extension'], request: object({ tabId: integer() }) }),
};
export type PanelProtocol = typeof panelProtocol;

/** Sends to the open panels; rejects when none answers (none open, or none showing that tab). */
export const sendToPanels = createSender<PanelProtocol>((envelope) => browser.runtime.sendMessage(envelope));
