import '@/utils/lib/zod-jitless';
import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { ownIdentity, sendToTab } from '@/utils/protocols';
import { backgroundProtocol, type ImageToSave } from '@/utils/protocols/background-protocol';
import { createRateLimit, refuseBeyondRate } from '@/utils/lib/messaging/rate-limit';
import { createReceiver } from '@/utils/lib/messaging/receiver';
import { handleCommand } from './commands';
import {
  chooseBoard,
  createContextMenu,
  followLastBoard,
  followWebSearchEngines,
  handleMenuClick,
} from './context-menu';
import { createPageProvenance } from '../../utils/provenance/background/page-provenance';
import { createPageState } from '../../utils/page-scan/background/page-state';
import { panelShowsTab } from '../../utils/page-scan/background/panel-watch';
import { createSaving, SAVE_QUEUE_ALARM } from '../../utils/saving/background/saving';
import { tabStatus } from '../../utils/page-scan/background/tab-status';
import { searchTheWeb } from '../../utils/web-search/background/search-the-web';

/** Far above what a real page makes its content script send (reports are batched every 100 ms per frame). */
const CONTENT_MESSAGES_PER_SECOND = 40;
const CONTENT_MESSAGE_BURST = 200;

export default defineBackground(() => {
  const admitFromTab = createRateLimit({ perSecond: CONTENT_MESSAGES_PER_SECOND, burst: CONTENT_MESSAGE_BURST });
  const saving = createSaving();
  const pages = createPageState();
  const pageProvenance = createPageProvenance();
  /** A save from a page carries the product that page sells, when the image shows it. */
  const withProduct = async (image: ImageToSave, tabId: number | undefined): Promise<ImageToSave> => {
    if (image.product || tabId === undefined) return image;
    // A restarted worker has forgotten the page's product: its top frame sends it again first.
    if (!pages.knowsProduct(tabId)) await sendToTab(tabId)('content/product', {}).catch(() => {});
    return { ...image, product: pages.productShownBy(tabId, image.imageUrl) };
  };

  const receive = createReceiver(
    backgroundProtocol,
    {
      'tab/status': tabStatus,
      'page/images': (report, sender) => pages.report(report, sender),
      'page/product': (sources, sender) => pages.product(sources, sender),
      'page/started': (_, sender) => {
        pages.started(sender);
        return sender.tab?.id === undefined ? false : panelShowsTab(sender.tab.id);
      },
      'page/wanted': (_, sender) => (sender.tab?.id === undefined ? false : panelShowsTab(sender.tab.id)),
      'page/stopped': (_, sender) => pages.stopped(sender),
      'tab/page': ({ tabId }) => pages.page(tabId),
      'provenance/verdict': (request, sender) => pageProvenance(request, sender),
      'save/quick': async (image, sender) => saving.quickSave(await withProduct(image, sender.tab?.id)),
      'save/to-board': ({ image, board }) => saving.saveToBoard(image, board),
      'save/many': ({ images, board }) => saving.saveMany(images, board),
      'save/choose-board': (image, sender) => chooseBoard(image, sender),
      'save/list': () => saving.queue.list(),
      'save/retry': ({ id }) => (id ? saving.queue.retry(id) : saving.queue.retryAll()),
      'save/discard': ({ id }) => saving.queue.discard(id),
      'web/search': (request) => searchTheWeb(request),
    },
    ownIdentity(),
    // Pages drive what their content scripts send: each tab gets a generous but bounded rate.
    { refuse: refuseBeyondRate(admitFromTab) },
  );
  browser.runtime.onMessage.addListener(receive);

  browser.runtime.onInstalled.addListener(() => void createContextMenu());
  browser.contextMenus.onClicked.addListener(handleMenuClick(saving, withProduct));
  browser.commands.onCommand.addListener(handleCommand);
  followLastBoard();
  followWebSearchEngines();

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SAVE_QUEUE_ALARM) void saving.queue.flush();
  });
  // The worker starts on any event (a message, an alarm, the browser starting): send what is waiting.
  void saving.queue.flush();
});
