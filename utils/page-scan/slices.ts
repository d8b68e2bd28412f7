/**
 * Time slicing: a long pass runs in slices of about `sliceMs` main-thread time,
 * with the page running in between, so a huge page never sees a long task from
 * Loupe. Knows nothing of the DOM: {@link PageScanner.scanRootInSlices} says
 * what a slice does.
 */

/** Options for {@link PageScanner.scanRootInSlices}. */
export interface SliceOptions {
  /** Main-thread time per slice before handing control back to the page (default 8 ms). */
  sliceMs?: number;
  /** Stops the pass between slices. */
  signal?: AbortSignal;
  /** Resolves when the page has had its turn (default: a new task, see {@link yieldToPage}). */
  yieldToPage?: () => Promise<void>;
  /** Clock (default performance.now). */
  now?: () => number;
}

/** What a sliced pass cost: the figures `npm run bench` prints. */
export interface SlicedScanStats {
  /** Main-thread time spent scanning, summed over slices. */
  busyMs: number;
  slices: number;
  longestSliceMs: number;
  /** False when the signal stopped the pass early. */
  complete: boolean;
}

/** The work of a sliced pass, split into steps small enough to look at the clock between them. */
export interface SlicedWork {
  /** Whether any work is left. */
  done(): boolean;
  /** One small step of the work. */
  step(): void;
  /** Runs at the end of every slice (reporting what it found is part of the slice's cost). */
  endSlice(): void;
}

/** A new task, so input, rendering and the page's own scripts run first. */
export function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { postTask?: (task: () => void) => Promise<void> } }).scheduler;
  if (scheduler?.postTask) return scheduler.postTask(() => {});
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Runs the work `begin` sets up, in slices. `begin` runs inside the first slice,
 * so what it costs (the document query, say) is counted like the rest.
 */
export async function runInSlices(begin: () => SlicedWork, options: SliceOptions = {}): Promise<SlicedScanStats> {
  const now = options.now ?? (() => performance.now());
  const sliceMs = options.sliceMs ?? 8;
  const stats: SlicedScanStats = { busyMs: 0, slices: 0, longestSliceMs: 0, complete: false };
  let sliceStart = now();
  const work = begin();
  for (;;) {
    while (!work.done() && now() - sliceStart < sliceMs) work.step();
    work.endSlice();
    const spent = now() - sliceStart;
    stats.busyMs += spent;
    stats.slices++;
    stats.longestSliceMs = Math.max(stats.longestSliceMs, spent);
    if (work.done()) {
      stats.complete = true;
      return stats;
    }
    await (options.yieldToPage ?? yieldToPage)();
    if (options.signal?.aborted) return stats;
    sliceStart = now();
  }
}
