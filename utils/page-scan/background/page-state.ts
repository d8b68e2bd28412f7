import { browser } from 'wxt/browser';
import type { ImageRecord } from '@/utils/page-scan';
import { mergeFrameRecords } from '@/utils/page-scan/scanner';
import { rankImages } from '@/utils/page-scan/rank';
import { productFromSources, productImageUrls, toCapturedProduct } from '@/utils/page-scan/product';
import type { PageSnapshot } from '@/utils/protocols/background-protocol';
import type { PageImagesReport } from '@/utils/page-scan/wire/page-report';
import { imageDecoder } from '@/utils/page-scan/wire/image-wire';
import { sendToPanels } from '@/utils/page-scan/panel-protocol';
import type { ProductSources } from '@/utils/page-scan/product/collect';
import type { Sender } from '@/utils/lib/messaging/receiver';
import { sendToTab } from '@/utils/protocols';
import { badgeCountItem } from '@/utils/page-scan/badge-count-setting';
import { setToolbarBadge } from '@/utils/lib/platform/toolbar-badge';

/**
 * What each tab's frames reported: their images and the product. Kept in the
 * worker's memory; when Chrome has stopped the worker and it is asked about a
 * tab it knows nothing of, it asks the tab's frames to report again.
 *
 * A navigation ('loading') forgets the tab. Until it completes, the old
 * document may still be alive and answer: only frames whose content script
 * started since then ('page/started') are believed, so the old page's images
 * (its iframes' above all) never show as the new page's.
 */
interface FrameState {
  records: Map<string, ImageRecord>;
  /** When this frame's current document said it started (0: before the worker knew). */
  startedAt: number;
  /** Whether it has sent its full list (a reset), i.e. it is scanning. */
  scanning: boolean;
}

interface TabState {
  frames: Map<number, FrameState>;
  productSources: ProductSources | null;
  /** When the tab began loading a new document, until it completes (0: not navigating). */
  navigatingSince: number;
}

export function createPageState() {
  const tabs = new Map<number, TabState>();
  const tabState = (tabId: number) => {
    let state = tabs.get(tabId);
    if (!state) tabs.set(tabId, (state = { frames: new Map(), productSources: null, navigatingSince: 0 }));
    return state;
  };
  const newFrame = (startedAt: number): FrameState => ({ records: new Map(), startedAt, scanning: false });
  /** Whether a message from this frame comes from the tab's current page (not one being navigated away from). */
  const current = (state: TabState, frameId: number) => {
    if (!state.navigatingSince) return true;
    const frame = state.frames.get(frameId);
    return !!frame && frame.startedAt >= state.navigatingSince;
  };

  function snapshot(tabId: number): PageSnapshot {
    const state = tabs.get(tabId);
    if (!state) return { tabId, images: [], product: null, productImageUrls: [], reported: false };
    const frameIds = [...state.frames.keys()].sort((a, b) => a - b); // the top frame (0) first: its opt-out governs
    const merged = mergeFrameRecords(frameIds.map((id) => [...state.frames.get(id)!.records.values()]));
    const record = state.productSources ? productFromSources(state.productSources) : null;
    const images = rankImages(merged, record ? productImageUrls(record, merged) : []);
    return {
      tabId,
      images,
      product: record ? toCapturedProduct(record) : null,
      productImageUrls: record ? productImageUrls(record, images) : [],
      // Until a frame has sent its list, "no images" would be a guess: the panel keeps showing that it is loading.
      reported: [...state.frames.values()].some((frame) => frame.scanning),
    };
  }

  let badgeTimer: ReturnType<typeof setTimeout> | undefined;
  const changed = new Set<number>();
  /** Tell open side panels, and refresh the toolbar badge: batched, a page can report many times a second. */
  function announce(tabId: number) {
    changed.add(tabId);
    badgeTimer ??= setTimeout(async () => {
      badgeTimer = undefined;
      const showCount = await badgeCountItem.getValue();
      for (const id of changed) {
        const count = showCount ? snapshot(id).images.filter((image) => image.saveAllowed).length : 0;
        void setToolbarBadge(id, count ? String(count) : '').catch(() => {});
        void sendToPanels('page/updated', { tabId: id }).catch(() => {});
      }
      changed.clear();
    }, 150);
  }

  browser.tabs.onRemoved.addListener((tabId) => tabs.delete(tabId));
  // A tab loading a new document starts afresh; its frames say so (and report, if asked) once they run.
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') {
      tabs.set(tabId, { frames: new Map(), productSources: null, navigatingSince: performance.now() });
      announce(tabId);
    } else if (change.status === 'complete') {
      const state = tabs.get(tabId);
      if (state) state.navigatingSince = 0; // the old document is gone: whoever answers now is current
    }
  });
  // Turning the count on or off shows at once on every tab Loupe knows.
  badgeCountItem.watch(() => {
    for (const tabId of tabs.keys()) announce(tabId);
  });

  return {
    /** A frame's content script started (a new document): it is current from now on, with nothing reported yet. */
    started(sender: Sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return;
      const state = tabState(tabId);
      state.frames.set(sender.frameId ?? 0, newFrame(performance.now()));
      announce(tabId);
    },

    /** A frame stopped scanning: its list stays, but the next look at the tab asks for a fresh one. */
    stopped(sender: Sender) {
      const frame = sender.tab?.id === undefined ? undefined : tabs.get(sender.tab.id)?.frames.get(sender.frameId ?? 0);
      if (frame) frame.scanning = false;
    },

    report(report: PageImagesReport, sender: Sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return;
      const state = tabState(tabId);
      const frameId = sender.frameId ?? 0;
      if (!current(state, frameId)) return; // the page being navigated away from
      const decode = imageDecoder(report.frameUrl);
      let frame = state.frames.get(frameId);
      if (!frame && !report.reset) {
        // Changes to a list this worker never had (it was restarted, or the tab was forgotten on a
        // same-document navigation): ask that frame for all of it rather than show a part.
        void sendToTab(tabId, { frameId })('content/report', {}).catch(() => {});
        return;
      }
      // A reset replaces only this frame's list: frames report in any order, so the top frame
      // must not wipe what a faster iframe already said. Navigations clear the tab (above).
      if (!frame || report.reset)
        state.frames.set(frameId, (frame = { records: new Map(), startedAt: frame?.startedAt ?? 0, scanning: true }));
      for (const url of report.removed) frame.records.delete(url);
      for (const wire of report.upserted) {
        const record = decode(wire);
        if (record) frame.records.set(record.url, record);
      }
      announce(tabId);
    },

    product(sources: ProductSources, sender: Sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || (sender.frameId ?? 0) !== 0) return;
      const state = tabState(tabId);
      if (!current(state, 0)) return;
      state.productSources = sources;
      announce(tabId);
    },

    /** Whether the tab's top frame has said what its page sells (a page selling nothing says so too). */
    knowsProduct(tabId: number) {
      return !!tabs.get(tabId)?.productSources;
    },

    /**
     * The product the tab's page sells, when `imageUrl` is one of its pictures (so a pin of it
     * carries the product). Asked of the product itself: the page need not have been scanned.
     */
    productShownBy(tabId: number | undefined, imageUrl: string) {
      const sources = tabId === undefined ? null : tabs.get(tabId)?.productSources;
      const record = sources ? productFromSources(sources) : null;
      if (!record || productImageUrls(record, [{ url: imageUrl }]).length === 0) return undefined;
      return toCapturedProduct(record) ?? undefined;
    },

    async page(tabId: number): Promise<PageSnapshot> {
      // Content scripts scan only when asked (again after a worker restart, or once they stopped
      // because nobody looked). Ask the frames that are not scanning (all of them when none is
      // known); the panel hears 'page/updated' as their reports arrive. Frames already scanning
      // are left alone: asking them would resend their lists, and each report wakes the panel again.
      const known = tabs.get(tabId)?.frames ?? new Map<number, FrameState>();
      const frames = [...known];
      // Without the top frame (a worker restart, then an iframe started) the others are unknown too.
      if (!known.has(0) && !frames.some(([, frame]) => frame.scanning))
        await sendToTab(tabId, { allFrames: true })('content/report', {}).catch(() => {});
      else
        await Promise.all(
          frames
            .filter(([, frame]) => !frame.scanning)
            .map(([frameId]) => sendToTab(tabId, { frameId })('content/report', {}).catch(() => {})),
        );
      return snapshot(tabId);
    },
  };
}
