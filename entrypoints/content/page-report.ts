import type { ImageRecord, ScanDelta } from '@/utils/page-scan';
import { collectProductSources } from '@/utils/page-scan/product/collect';
import { observePage } from '@/utils/page-scan/observe';
import { PageScanner } from '@/utils/page-scan/scanner';
import { sendToBackground as send } from './extension-api';

const isTopFrame = window === window.top;


/**
 * Scans this frame for images and tells the background: everything once, then
 * only what changes as the page grows. The top frame also sends the product.
 */
export function startPageReport(signal: AbortSignal) {
  const scanner = new PageScanner();
  const frameUrl = scanner.frameUrl;

  const reportAll = () => {
    void send('page/images', { frameUrl, reset: true, upserted: scanner.records(), removed: [] });
    if (isTopFrame) void send('page/product', collectProductSources(document));
  };
  const reportDelta = ({ added, updated, removed }: ScanDelta) => {
    if (added.length + updated.length + removed.length === 0) return;
    void send('page/images', { frameUrl, reset: false, upserted: [...added, ...updated], removed });
  };

  const listeners = new Set<(delta: ScanDelta) => void>();
  const notify = (delta: ScanDelta) => listeners.forEach((listener) => listener(delta));
  const changed = (delta: ScanDelta) => {
    reportDelta(delta);
    notify(delta);
  };
  // Watch from the start: what the page adds while the first pass runs is not missed.
  const stop = observePage(scanner, changed);
  signal.addEventListener('abort', stop);

  // The first pass is the content script's biggest cost, so it runs in slices of a few
  // milliseconds with the page in between: the first slice is reported at once (reset: the
  // background forgets what this frame reported before), the rest as deltas. Its cost is
  // measured in the page's own timeline (DevTools and `npm run bench` read it), never sent.
  let first = true;
  const started = performance.now();
  void scanner
    .scanRootInSlices(
      (delta) => {
        if (!first) return changed(delta);
        first = false;
        reportAll();
        notify(delta);
      },
      { signal },
    )
    .then((stats) => performance.measure('loupe:initial-scan', { start: started, end: performance.now(), detail: stats }));

  return {
    scanner,
    reportAll,
    /** Calls `listener` after each scan that found something (the hover button and badges refresh); returns the remover. */
    onChange(listener: (delta: ScanDelta) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    records: (): ImageRecord[] => scanner.records(),
  };
}
export type PageReport = ReturnType<typeof startPageReport>;
