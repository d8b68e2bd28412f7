/**
 * MutationObserver wiring for a {@link PageScanner}: additions, the
 * attribute changes lazy loaders make, and images that finish loading (or
 * fail to) are batched and handed to `scanAdded`, so only what changed is
 * looked at again. Open shadow roots are observed too, removals prune records.
 */
import type { PageScanner } from './scanner';
import type { ScanDelta } from './types';

export interface ObserveOptions {
  /** Coalesce mutations for this long before scanning (default 100 ms). */
  delayMs?: number;
}

/** Attributes whose change can change which image an element shows. `style` is left out: animations rewrite it every frame. */
export const WATCHED_ATTRIBUTES = [
  'src',
  'srcset',
  'data-src',
  'data-srcset',
  'data-lazy-src',
  'data-lazy-srcset',
  'data-original',
  'data-bg',
  'data-background-image',
  'poster',
  'href',
  'xlink:href',
  'media',
  'content',
  'nopin',
  'data-pin-nopin',
  'data-loupe-nosave',
];

/**
 * Start watching `doc` (and the scanner's shadow roots). Call after
 * the first pass (`scanRootInSlices`), so nothing the page adds meanwhile is missed. `onDelta` receives non-empty deltas. Returns a stop function.
 */
export function observePage(
  scanner: PageScanner,
  onDelta: (delta: ScanDelta) => void,
  doc: Document = document,
  options: ObserveOptions = {},
): () => void {
  const delay = options.delayMs ?? 100;
  const pending = new Set<Node>();
  let removals = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const init: MutationObserverInit = {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: WATCHED_ATTRIBUTES,
  };

  const flush = (): void => {
    timer = null;
    const nodes = [...pending];
    pending.clear();
    const delta = scanner.scanAdded(nodes);
    if (removals) {
      removals = false;
      delta.removed.push(...scanner.prune());
    }
    if (delta.added.length || delta.updated.length || delta.removed.length) onDelta(delta);
  };

  const schedule = () => {
    if ((pending.size || removals) && timer === null) timer = setTimeout(flush, delay);
  };
  const mo = new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === 'attributes') pending.add(m.target);
      else {
        for (const n of m.addedNodes) if (n.nodeType === 1) pending.add(n);
        if (m.removedNodes.length) removals = true;
      }
    }
    schedule();
  });
  // An image that loads (lazy, still downloading at the scan, or a new src) is judged again by its
  // real size; one that fails gives up a provisional record. Neither event bubbles: listen in the capture phase.
  const onLoadEnd = (event: Event) => {
    if ((event.target as Element).localName !== 'img') return;
    pending.add(event.target as Element);
    schedule();
  };
  const listening = new AbortController();
  const watch = (root: Document | ShadowRoot) => {
    mo.observe(root === doc ? doc.documentElement : root, init);
    for (const type of ['load', 'error'])
      root.addEventListener(type, onLoadEnd, { capture: true, signal: listening.signal });
  };
  watch(doc);
  for (const root of scanner.shadowRoots()) watch(root);
  const previous = scanner.onShadowRoot;
  scanner.onShadowRoot = (root) => {
    previous?.(root);
    watch(root);
  };
  return () => {
    mo.disconnect();
    listening.abort();
    scanner.onShadowRoot = previous;
    if (timer !== null) clearTimeout(timer);
  };
}
