import type { ImageRecord, ScanDelta } from '@/utils/page-scan';
import { imageEncoder } from '@/utils/page-scan/wire/image-wire';
import { collectProductSources } from '@/utils/page-scan/product/collect';
import { observePage } from '@/utils/page-scan/observe';
import { PageScanner } from '@/utils/page-scan/scanner';
import { sendToBackground as send } from '../../protocols/content-sender';

/** Whether this is the page's top frame (the one that says what the page sells). */
export const isTopFrame = window === window.top;

/**
 * This frame's images and product, for the background. Scanning the whole page
 * is the content script's one big cost, so it waits until someone needs the
 * list ({@link start}: the side panel shows this tab, the toolbar count or the
 * on-page badges are on). Until then only the product is sent (a few script
 * and meta elements), and the hover button asks the scanner about single
 * elements. Once started: everything once, then only what changes as the page grows.
 */
export interface PageReportOptions {
  /** Record the first scan in the page's performance timeline (a developer setting). */
  performanceMarks: () => boolean;
  /** Whether this page's list is needed whoever looks (the toolbar count, on-page badges). */
  keepScanning: () => boolean;
}

/** How often, at most, a changing page asks whether anyone still looks at its list. */
const STILL_WANTED_EVERY_MS = 2000;

export function startPageReport(signal: AbortSignal, { performanceMarks, keepScanning }: PageReportOptions) {
  const scanner = new PageScanner();
  const frameUrl = scanner.frameUrl;
  const encode = imageEncoder(frameUrl);
  /** The running scan (its first pass and its observer), while someone needs the list. */
  let session: AbortController | undefined;
  let lastAsked = 0;

  const sendProduct = async () => {
    if (isTopFrame) await send('page/product', collectProductSources(document));
  };
  /** Everything found so far; and the product, unless it was read moments ago (see {@link start}). */
  const reportAll = (productFresh?: boolean) => {
    void send('page/images', { frameUrl, reset: true, upserted: scanner.records().map(encode), removed: [] });
    if (!productFresh) void sendProduct();
  };
  const reportDelta = ({ added, updated, removed }: ScanDelta) => {
    if (!(added.length + updated.length + removed.length)) return; // nothing changed
    void send('page/images', { frameUrl, reset: false, upserted: [...added, ...updated].map(encode), removed });
    void stopUnlessWanted();
  };

  /**
   * A page that keeps changing (a feed, a slideshow) keeps the scan busy: now and then it asks
   * whether a side panel still shows it, and stops when none does. The panel asks again when it
   * comes back to this tab, which starts a fresh scan.
   */
  async function stopUnlessWanted() {
    const now = performance.now();
    if (!session || keepScanning() || now - lastAsked < STILL_WANTED_EVERY_MS) return;
    lastAsked = now;
    const reply = await send('page/wanted', {});
    if (reply.ok && reply.value === false && session && !keepScanning()) stop();
  }

  function stop() {
    session?.abort();
    session = undefined;
    void send('page/stopped', {});
    if (performanceMarks()) performance.mark('loupe:scan-stopped');
  }

  const listeners = new Set<(delta: ScanDelta) => void>();
  const notify = (delta: ScanDelta) => listeners.forEach((listener) => listener(delta));
  const changed = (delta: ScanDelta) => {
    reportDelta(delta);
    notify(delta);
  };

  /**
   * Scans the page and keeps the background up to date from now on (once; later calls report
   * everything again). `productFresh`: the page's start-up has just read its product, so reading it
   * again would only repeat the work (a few queries over the whole page). That is so when the
   * toolbar count or on-page badges start the scan in the same task, or when the start-up's first
   * message is answered that a side panel shows this tab: a page script had no more time to change
   * the product before that answer than it has right after a second read.
   */
  function start(productFresh?: boolean) {
    if (signal.aborted) return;
    if (session) return reportAll();
    session = new AbortController();
    const scanSignal = AbortSignal.any([signal, session.signal]);
    lastAsked = performance.now();
    scanner.prune(); // a scan that starts again forgets what left the page while nobody watched
    // Watch from the start: what the page adds while the first pass runs is not missed.
    const stopObserving = observePage(scanner, changed);
    scanSignal.addEventListener('abort', stopObserving);

    // The first pass runs in slices of a few milliseconds with the page in between: the first
    // slice is reported at once (reset: the background forgets what this frame reported before),
    // the rest as deltas. Its cost goes to the page's timeline only with the performanceMarks
    // setting (for `npm run bench`): the page can read that timeline, and learn when the panel opened.
    let first = true;
    const started = performance.now();
    void scanner
      .scanRootInSlices(
        (delta) => {
          if (!first) return changed(delta);
          first = false;
          reportAll(productFresh);
          notify(delta);
        },
        { signal: scanSignal },
      )
      .then(
        (stats) => performanceMarks() && performance.measure('loupe:initial-scan', { start: started, detail: stats }),
      );
  }

  // The product is cheap to read and a save from this page carries it, scan or no scan.
  void sendProduct();

  return {
    scanner,
    start,
    sendProduct,
    get scanning() {
      return session !== undefined;
    },
    /** Calls `listener` after each scan that found something (the on-page badges refresh); returns the remover. */
    onChange(listener: (delta: ScanDelta) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    records: (): ImageRecord[] => scanner.records(),
  };
}
export type PageReport = ReturnType<typeof startPageReport>;
