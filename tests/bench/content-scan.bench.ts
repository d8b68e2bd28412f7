import { existsSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { type Page } from '@playwright/test';
import { launchExtensionBrowser } from '../e2e/harness/browser';
import { startStaticServer } from '../e2e/harness/static-server';

/**
 * The content script's cost on a heavy page: 3,000 product cards, measured in
 * one Chromium with Loupe active and with Loupe dormant on the same page (the
 * site on the blocked list, so only the tiny start-up check runs). Figures are
 * main-thread task and script time from the DevTools protocol, and long tasks.
 */
const CARDS = Number(process.env.LOUPE_BENCH_CARDS ?? 3000);

const RUNS = 5;

if (!existsSync('.output/chrome-mv3/manifest.json')) execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit' });

const root = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-scan-bench-'));
// Native lazy loading, as real shops use it: all 3,000 cards are in the DOM for Loupe to scan,
// while only the images near the viewport are fetched (3,000 requests would measure the network).
await mkdir(path.join(root, 'img'));
await writeFile(path.join(root, 'img', 'card.svg'), '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><rect width="300" height="300" fill="#c8a165"/></svg>');
const cards = Array.from({ length: CARDS }, (_, i) => `<li><a href="/p/${i}"><img src="img/card.svg?i=${i}" loading="lazy" width="200" height="200" alt="Product ${i}"></a><span>Product ${i}</span><button>♥</button></li>`).join('');
await writeFile(path.join(root, 'index.html'), `<!doctype html><meta charset="utf-8"><title>3000 cards</title><style>ul{display:grid;grid-template-columns:repeat(6,200px);gap:8px;list-style:none}</style><ul>${cards}</ul>`);

const site = await startStaticServer(root);
const browser = await launchExtensionBrowser();
const worker = browser.serviceWorker;

interface ScanDetail {
  busyMs: number;
  slices: number;
  longestSliceMs: number;
}

async function measure(page: Page) {
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  // Long tasks are only recorded once someone observes them: start before the page does anything.
  await page.addInitScript(() => {
    const tasks: number[] = [];
    (window as unknown as { __longTasks: number[] }).__longTasks = tasks;
    new PerformanceObserver((list) => list.getEntries().forEach((entry) => tasks.push(entry.duration))).observe({ type: 'longtask' });
  });
  await page.goto(site.url('index.html'), { waitUntil: 'load', timeout: 300_000 });
  await page.waitForTimeout(2000); // document_idle + every slice of the first scan + the reports
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string) => (metrics.find((m) => m.name === name)?.value ?? 0) * 1000;
  const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
  // The content script's own figures (its isolated world shares the page's performance timeline).
  const scan = await page.evaluate(() => (performance.getEntriesByName('loupe:initial-scan')[0] as PerformanceMeasure | undefined)?.detail as ScanDetail | undefined);
  await cdp.detach();
  return { task: metric('TaskDuration'), script: metric('ScriptDuration'), longest: Math.max(0, ...longTasks), longTasks: longTasks.length, scan };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<'on' | 'off', Awaited<ReturnType<typeof measure>>[]> = { on: [], off: [] };
for (let run = 0; run < RUNS; run++) {
  for (const mode of ['on', 'off'] as const) {
    await worker.evaluate((blocked) => chrome.storage.sync.set({ blockedSites: blocked }), mode === 'off' ? ['127.0.0.1'] : []);
    const page = await browser.context.newPage();
    results[mode].push(await measure(page));
    await page.close();
  }
}

console.log(`Page with ${CARDS} product cards (${CARDS} images, ${CARDS * 4} elements), median of ${RUNS} loads each, Chromium headless`);
for (const mode of ['on', 'off'] as const) {
  const r = results[mode];
  console.log(
    `Loupe ${mode === 'on' ? 'active ' : 'dormant'}  main-thread tasks ${median(r.map((x) => x.task)).toFixed(0)} ms   script ${median(r.map((x) => x.script)).toFixed(0)} ms   longest long task ${median(r.map((x) => x.longest)).toFixed(0)} ms (max ${Math.max(...r.map((x) => x.longest)).toFixed(0)}), long tasks ${median(r.map((x) => x.longTasks))}`,
  );
}
const scans = results.on.map((x) => x.scan).filter((x): x is ScanDetail => !!x);
if (scans.length < RUNS) console.log(`!! ${RUNS - scans.length} of ${RUNS} loads did not finish Loupe's first scan within 2 s`);
if (scans.length) {
  console.log(
    `Loupe's first scan (measured in the content script): main-thread time median ${median(scans.map((x) => x.busyMs)).toFixed(1)} ms (max ${Math.max(...scans.map((x) => x.busyMs)).toFixed(1)}), ` +
      `in ${median(scans.map((x) => x.slices))} slices, longest slice median ${median(scans.map((x) => x.longestSliceMs)).toFixed(1)} ms (max ${Math.max(...scans.map((x) => x.longestSliceMs)).toFixed(1)})`,
  );
}
const extra = median(results.on.map((x) => x.task)) - median(results.off.map((x) => x.task));
const extraScript = median(results.on.map((x) => x.script)) - median(results.off.map((x) => x.script));
console.log(`Loupe's share: +${extra.toFixed(1)} ms main-thread task time, +${extraScript.toFixed(1)} ms script (ratio active/dormant ${(median(results.on.map((x) => x.task)) / median(results.off.map((x) => x.task))).toFixed(2)})`);

const bundle = readFileSync('.output/chrome-mv3/content-scripts/content.js');
console.log(`Content script bundle: ${(bundle.length / 1000).toFixed(1)} kB, ${(gzipSync(bundle).length / 1000).toFixed(2)} kB gzip (budget 15 kB gzip)`);

await browser.close();
await site.stop();
await rm(root, { recursive: true, force: true });
