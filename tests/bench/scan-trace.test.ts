import { describe, expect, it } from 'vitest';
import { scanCpuOf } from './scan-trace';
import type { TraceEvent } from './scan-trace';

const MAIN = { pid: 1, tid: 10 };
const CONTENT = 'chrome-extension://abc/content-scripts/content.js';
/** The scan's measure, from 1,000 to 11,000 µs. */
const scanMeasure: TraceEvent[] = [
  { name: 'loupe:initial-scan', ph: 'b', ts: 1_000, ...MAIN },
  { name: 'loupe:initial-scan', ph: 'e', ts: 11_000, ...MAIN },
];
const work = (name: string, ts: number, dur: number, tdur: number, extra: Partial<TraceEvent> = {}): TraceEvent => ({
  name,
  ph: 'X',
  ts,
  dur,
  tdur,
  ...MAIN,
  ...extra,
});

describe('scanCpuOf', () => {
  it('sums the thread time of the scan’s microtasks and calls into the content script, not the clock time', () => {
    const cpu = scanCpuOf([
      ...scanMeasure,
      work('RunMicrotasks', 2_000, 3_000, 2_000),
      work('FunctionCall', 6_000, 1_000, 1_000, { args: { data: { url: CONTENT } } }),
    ]);
    expect(cpu).toBe(3);
  });

  it('counts work nested in another event once, and only the share inside the scan of an event begun before it', () => {
    const cpu = scanCpuOf([
      ...scanMeasure,
      // Start-up and the first slice in one microtask: half of it falls inside the scan.
      work('RunMicrotasks', 0, 2_000, 1_000),
      work('FunctionCall', 4_000, 2_000, 2_000, { args: { data: { url: CONTENT } } }),
      work('RunMicrotasks', 4_500, 1_000, 1_000),
    ]);
    expect(cpu).toBe(2.5);
  });

  it('leaves out other threads, other scripts, and what runs after the scan', () => {
    const cpu = scanCpuOf([
      ...scanMeasure,
      work('RunMicrotasks', 2_000, 1_000, 1_000, { tid: 11 }),
      work('FunctionCall', 3_000, 1_000, 1_000, { args: { data: { url: 'https://shop.test/app.js' } } }),
      work('RunMicrotasks', 12_000, 1_000, 1_000),
      work('Layout', 5_000, 1_000, 1_000),
    ]);
    expect(cpu).toBe(0);
  });

  it('says nothing when no scan was recorded', () => {
    expect(scanCpuOf([work('RunMicrotasks', 2_000, 1_000, 1_000)])).toBeUndefined();
  });
});
