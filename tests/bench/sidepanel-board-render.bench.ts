import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { benchSize } from '../../server/testing/bench-mode';
import { startBackend } from '../e2e/harness/backend';
import { launchExtensionBrowser } from '../e2e/harness/browser';
import { startStaticServer } from '../e2e/harness/static-server';
import { median, spread } from './figures';

/**
 * A board of 1,000 pins in the side panel's masonry grid: time from opening the board (the click on
 * its card) to its first pin card, and to the grid settled (no DOM change in it for QUIET_MS); the
 * cards in the DOM then, and the panel's long tasks. The real backend serves the pins (60 a page, as
 * the panel asks); each pin has its image size stored, as pins have once the backend has looked at them.
 * (sidepanel-render.bench.ts measures "This page" with 1,000 images.)
 */
const PINS = benchSize(Number(process.env.LOUPE_BENCH_PINS ?? 1000), 20);
const RUNS = benchSize(5, 1);
const QUIET_MS = benchSize(1000, 300);
/** Image shapes, width × height: tall, wide, square and in between. */
const SHAPES: [number, number][] = [
  [400, 500],
  [600, 300],
  [300, 600],
  [500, 500],
  [800, 450],
];

if (!existsSync('.output/chrome-mv3/manifest.json'))
  execFileSync(process.execPath, ['node_modules/wxt/bin/wxt.mjs', 'build'], { stdio: 'inherit' });

const root = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-board-bench-'));
for (const [width, height] of SHAPES)
  await writeFile(
    path.join(root, `${width}x${height}.svg`),
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#8fa3c8"/></svg>`,
  );
const site = await startStaticServer(root);
// Many saves in a row from one token: the rate limit would refuse them.
const backend = await startBackend({ user: 'bench', env: { LOUPE_RATE_LIMIT_PER_MINUTE: '0' } });
const board = await backend.api.createBoard({ name: 'A thousand pins' });
const seeding = performance.now();
for (let start = 0; start < PINS; start += 10)
  await Promise.all(
    Array.from({ length: Math.min(10, PINS - start) }, (_, i) => {
      const [width, height] = SHAPES[(start + i) % SHAPES.length]!;
      return backend.api.savePin({
        boardId: board.id,
        imageUrl: site.url(`${width}x${height}.svg?i=${start + i}`),
        width,
        height,
        note: start + i === 0 ? 'The first' : '',
      });
    }),
  );
const seeded = (performance.now() - seeding) / 1000;
if ((await backend.api.getBoard(board.id)).pinCount !== PINS) throw new Error(`the board does not have ${PINS} pins`);

const browser = await launchExtensionBrowser();
await browser.serviceWorker.evaluate(
  async ({ url, token }) => {
    await chrome.storage.sync.set({ backendUrl: url, capturedProductsAsked: true });
    await chrome.storage.local.set({ apiToken: token });
  },
  { url: backend.url, token: backend.token },
);

interface BoardTimings {
  firstCard: number;
  settled: number;
  cardsInDom: number;
  longTasks: number[];
}
type OpeningRecord = { opened: number; firstCard: number; lastChange: number; longTasks: number[] };

/** Opens a fresh panel, its Boards tab, then the board (timed from the click), and reads what the init script recorded. */
async function measure(): Promise<BoardTimings> {
  const panel = await browser.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.addInitScript(() => {
    const record: OpeningRecord = { opened: -1, firstCard: -1, lastChange: -1, longTasks: [] };
    (window as unknown as { __bench: OpeningRecord }).__bench = record;
    new PerformanceObserver((list) =>
      list.getEntries().forEach((entry) => record.opened >= 0 && record.longTasks.push(entry.duration)),
    ).observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (record.opened < 0) return;
      const grid = document.querySelector('[data-testid="pin-grid"]');
      if (!grid) return;
      if (record.firstCard < 0 && grid.querySelector('[data-testid="pin-card"]')) record.firstCard = performance.now();
      if (record.firstCard >= 0) record.lastChange = performance.now();
    }).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  });
  await panel.goto(browser.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Boards' }).click();
  const card = panel.getByTestId('board-card').filter({ hasText: board.name });
  await card.waitFor();
  await card.evaluate((element) => {
    (window as unknown as { __bench: OpeningRecord }).__bench.opened = performance.now();
    (element as HTMLElement).click();
  });
  await panel.waitForFunction(
    (quietMs) => {
      const { firstCard, lastChange } = (window as unknown as { __bench: OpeningRecord }).__bench;
      return firstCard >= 0 && performance.now() - lastChange > quietMs;
    },
    QUIET_MS,
    { timeout: 60_000, polling: 100 },
  );
  const result = await panel.evaluate(() => {
    const { opened, firstCard, lastChange, longTasks } = (window as unknown as { __bench: OpeningRecord }).__bench;
    return {
      firstCard: firstCard - opened,
      settled: lastChange - opened,
      longTasks,
      cardsInDom: document.querySelectorAll('[data-testid="pin-card"]').length,
    };
  });
  await panel.close();
  return result;
}

await measure(); // warm-up: Chromium has the panel's code cached, the backend its queries planned
const runs: BoardTimings[] = [];
for (let run = 0; run < RUNS; run++) runs.push(await measure());

console.log(
  `Side panel, a board of ${PINS} pins (seeded through the API in ${seeded.toFixed(1)} s), 420×900, ${RUNS} openings after a warm-up, Chromium headless, real backend (PGlite)`,
);
console.log(`board opened (click) → first pin card: ${spread(runs.map((r) => r.firstCard))}   goal: < 150 ms`);
console.log(
  `board opened → grid settled (last change before ${QUIET_MS} ms quiet): ${spread(runs.map((r) => r.settled))}`,
);
console.log(
  `pin cards in the DOM once settled: ${spread(
    runs.map((r) => r.cardsInDom),
    '',
  )} of ${PINS}`,
);
console.log(
  `panel long tasks (> 50 ms) after the click: median ${median(runs.map((r) => r.longTasks.length))} per opening, longest median ${median(runs.map((r) => Math.max(0, ...r.longTasks))).toFixed(0)} ms`,
);

await browser.close();
await backend.stop();
await site.stop();
await rm(root, { recursive: true, force: true });
