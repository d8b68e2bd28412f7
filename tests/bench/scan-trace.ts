import type { CDPSession } from '@playwright/test';

/**
 * The CPU time of the content script's first scan on the page's main thread, read from a trace.
 *
 * The scan's own figure (`busyMs`, see slices.ts) is clock time inside its slices. On a machine
 * with few cores it grows whenever another process holds the core the page needs (the side panel
 * drawing its grid, the service worker ranking the list, the browser), so the same build gave
 * 73 and 96 ms in two rounds. A trace event's thread time (`tdur`) counts only the time the
 * thread ran: summed over the scan's JavaScript it measures the scan's work, not the machine.
 *
 * The slices resume from a promise (see yieldToPage), so they run as microtasks: the scan's work is
 * every `RunMicrotasks` and every call into the content script (`FunctionCall`) on the thread that
 * recorded the `loupe:initial-scan` measure, between its start and end. The bench page runs no
 * script of its own, so nothing else runs there. The first slice runs in the same microtask as
 * the content script's start-up: of an event that began before the scan, only the share inside
 * the scan is counted (its thread time in proportion).
 */
export interface ScanTrace {
  /** Stops the trace and returns the scan's thread time in ms, or undefined when no scan was recorded. */
  scanCpuMs(): Promise<number | undefined>;
}

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: { data?: { url?: string } };
}

/** Starts tracing the page of `cdp`: call before the page loads. */
export async function traceScan(cdp: CDPSession): Promise<ScanTrace> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) => events.push(...(value as unknown as TraceEvent[])));
  await cdp.send('Tracing.start', {
    traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute', 'blink.user_timing'] },
    transferMode: 'ReportEvents',
  });
  return {
    async scanCpuMs() {
      const complete = new Promise((settled) => cdp.once('Tracing.tracingComplete', settled));
      await cdp.send('Tracing.end');
      await complete;
      return scanCpuOf(events);
    },
  };
}

/** The scan's thread time in ms from a trace's events (see {@link traceScan}); undefined without a scan. */
export function scanCpuOf(events: TraceEvent[]): number | undefined {
  const measure = events.filter((e) => e.name === 'loupe:initial-scan');
  const start = measure.find((e) => e.ph === 'b');
  const end = measure.find((e) => e.ph === 'e');
  if (!start || !end) return undefined;
  const work = events
    .filter(
      (e) =>
        e.ph === 'X' &&
        e.pid === start.pid &&
        e.tid === start.tid &&
        e.ts + (e.dur ?? 0) >= start.ts &&
        e.ts <= end.ts &&
        (e.name === 'RunMicrotasks' ||
          (e.name === 'FunctionCall' && (e.args?.data?.url ?? '').includes('/content-scripts/'))),
    )
    .sort((a, b) => a.ts - b.ts);
  // Microtasks may run inside a call: count only the outermost event of each stretch of work.
  let coveredUntil = -1;
  let cpuUs = 0;
  for (const e of work) {
    if (e.ts < coveredUntil) continue;
    const dur = e.dur ?? 0;
    coveredUntil = e.ts + dur;
    const inside = Math.min(coveredUntil, end.ts) - Math.max(e.ts, start.ts);
    cpuUs += dur > 0 ? ((e.tdur ?? dur) * inside) / dur : 0;
  }
  return cpuUs / 1000;
}
