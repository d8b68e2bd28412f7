// @vitest-environment happy-dom
// What a page reports, and when: the product is read as the report starts, and again whenever the list is asked for later.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPageReport } from './report-page';

const sent = vi.hoisted(() => [] as { type: string; payload: unknown }[]);
vi.mock('../../protocols/content-sender', () => ({
  sendToBackground: async (type: string, payload: unknown) => {
    sent.push({ type, payload });
    return { ok: true, value: true };
  },
}));

const productReads = () => sent.filter((m) => m.type === 'page/product').length;
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the page report', () => {
  let features: AbortController;
  beforeEach(() => {
    sent.length = 0;
    features = new AbortController();
    document.head.innerHTML =
      '<script type="application/ld+json">{"@type":"Product","name":"Linen shirt","offers":{"price":"49","priceCurrency":"EUR"}}</script>';
    document.body.innerHTML = '<h1>Linen shirt</h1>';
  });
  afterEach(() => features.abort());

  it('reads the product once when the scan starts with the report (the toolbar count, a panel already on the tab)', async () => {
    const report = startPageReport(features.signal, { performanceMarks: () => false, keepScanning: () => true });
    await nextTask(); // the start-up's handshake is answered in a later task
    report.start(true);
    await nextTask();
    expect(sent.map((m) => m.type)).toEqual(['page/product', 'page/images']);
  });

  it('reads it again for a scan started later, and whenever the list is asked for again', async () => {
    const report = startPageReport(features.signal, { performanceMarks: () => false, keepScanning: () => false });
    await nextTask();
    expect(productReads()).toBe(1);
    report.start(); // the side panel opened on this tab: the page may have changed since it loaded
    await nextTask();
    expect(productReads()).toBe(2);
    report.start(); // asked again while scanning
    await nextTask();
    expect(productReads()).toBe(3);
  });
});
