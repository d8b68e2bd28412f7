import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { benchSize } from '../../server/testing/bench-mode';
import { launchExtensionBrowser } from '../e2e/harness/browser';
import { startStaticServer } from '../e2e/harness/static-server';
import { median, spread } from './figures';

/**
 * The side panel's "This page" with 1,000 images: time from the panel's
 * navigation start to its first image card (and, within it, from the panel
 * being shown, its tabs in the DOM, to that card: the part that is the grid's
 * and the page snapshot's, not the loading of the panel's code), and to the grid settled (no DOM
 * change in the grid for QUIET_MS), the cards in the DOM then, and the
 * panel's main-thread long tasks. No backend is connected, so no provenance
 * checks or saved lookups run: this measures the panel's own rendering.
 */
const IMAGES = benchSize(Number(process.env.LOUPE_BENCH_IMAGES ?? 1000), 20);
const RUNS = benchSize(5, 1);
const QUIET_MS = benchSize(1000, 300);

if (!existsSync('.output/chrome-mv3/manifest.json'))
  execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit' });

const root = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-panel-bench-'));
await mkdir(path.join(root, 'img'));
await writeFile(
  path.join(root, 'img', 'photo.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="500"><rect width="400" height="500" fill="#8fa3c8"/></svg>',
);
// Each image a distinct URL (Loupe lists an image once per URL), all big enough to save.
const images = Array.from(
  { length: IMAGES },
  (_, i) => `<img src="img/photo.svg?i=${i}" width="160" height="200" alt="Photo ${i}">`,
).join('');
await writeFile(
  path.join(root, 'index.html'),
  `<!doctype html><meta charset="utf-8"><title>${IMAGES} images</title>${images}`,
);

const site = await startStaticServer(root);
const browser = await launchExtensionBrowser();

const page = await browser.context.newPage();
await page.goto(site.url('index.html'), { waitUntil: 'load' });
const tabId = await browser.tabIdOf(page);

interface PanelTimings {
  firstCard: number;
  panelShown: number;
  settled: number;
  cardsInDom: number;
  longTasks: number[];
}

/** Opens a fresh panel on the tab and reads what the init script recorded. */
async function measure({ warmUp = false } = {}): Promise<PanelTimings> {
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.addInitScript(() => {
    const record = { panelShown: -1, firstCard: -1, lastChange: -1, longTasks: [] as number[] };
    (window as unknown as { __bench: typeof record }).__bench = record;
    new PerformanceObserver((list) =>
      list.getEntries().forEach((entry) => record.longTasks.push(entry.duration)),
    ).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (record.panelShown < 0 && document.querySelector('[role="tablist"]')) record.panelShown = performance.now();
      const grid = document.querySelector('ul[aria-label="Images on this page"]');
      if (!grid) return;
      if (record.firstCard < 0 && grid.querySelector('[data-testid="page-image"]'))
        record.firstCard = performance.now();
      if (record.firstCard >= 0) record.lastChange = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await panel.goto(browser.pageUrl(`sidepanel.html?tabId=${tabId}`));
  // Settled: cards are shown and the grid has not changed for QUIET_MS.
  await panel.waitForFunction(
    (quietMs) => {
      const { firstCard, lastChange } = (window as unknown as { __bench: { firstCard: number; lastChange: number } })
        .__bench;
      return firstCard >= 0 && performance.now() - lastChange > quietMs;
    },
    QUIET_MS,
    { timeout: 60_000, polling: 100 },
  );
  const result = await panel.evaluate(() => {
    const { panelShown, firstCard, lastChange, longTasks } = (
      window as unknown as {
        __bench: { panelShown: number; firstCard: number; lastChange: number; longTasks: number[] };
      }
    ).__bench;
    return {
      firstCard,
      panelShown,
      settled: lastChange,
      longTasks,
      cardsInDom: document.querySelectorAll('[data-testid="page-image"]').length,
    };
  });
  const status = panel.getByTestId('page-status');
  // The warm-up may open the panel while the content script's sliced scan of the page still runs (on
  // a busy machine it pauses long enough to look settled): it waits for the whole page to be listed.
  if (warmUp) await status.filter({ hasText: `${IMAGES} images` }).waitFor({ timeout: 60_000 });
  const listed = await status.textContent();
  if (!listed?.includes(`${IMAGES} images`))
    throw new Error(`the panel did not list all ${IMAGES} images: “${listed}”`);
  await panel.close();
  return result;
}

await measure({ warmUp: true }); // warm-up: the content script's scan has landed, Chromium has the panel's code cached
const runs: PanelTimings[] = [];
for (let run = 0; run < RUNS; run++) runs.push(await measure());

console.log(
  `Side panel "This page" with ${IMAGES} images, 420×900, ${RUNS} panel loads after a warm-up, Chromium headless, no backend`,
);
console.log(`navigation start → first image card: ${spread(runs.map((r) => r.firstCard))}`);
console.log(
  `panel shown (its tabs in the DOM) → first image card: ${spread(runs.map((r) => r.firstCard - r.panelShown))}   goal: < 150 ms`,
);
console.log(
  `navigation start → grid settled (last change before ${QUIET_MS} ms quiet): ${spread(runs.map((r) => r.settled))}`,
);
console.log(
  `image cards in the DOM once settled: ${spread(
    runs.map((r) => r.cardsInDom),
    '',
  )} of ${IMAGES}`,
);
console.log(
  `panel long tasks (> 50 ms): median ${median(runs.map((r) => r.longTasks.length))} per load, longest median ${median(runs.map((r) => Math.max(0, ...r.longTasks))).toFixed(0)} ms (max ${Math.max(...runs.flatMap((r) => r.longTasks), 0).toFixed(0)}), total median ${median(runs.map((r) => r.longTasks.reduce((a, b) => a + b, 0))).toFixed(0)} ms`,
);

await page.close();
await browser.close();
await site.stop();
await rm(root, { recursive: true, force: true });
