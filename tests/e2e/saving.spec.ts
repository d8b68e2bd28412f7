import { MENU } from '../../entrypoints/background/menu-ids';
import { startBackend } from './harness/backend';
import { clickContextMenu, currentWorker, queuedSaves } from './harness/extension-state';
import { expect, test } from './fixtures';

test('right-click → "Save to …" saves to the last board (the first time, a board named Saved)', async ({
  page,
  extension,
  backend,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('shop/product.html'));
  const tabId = await extension.tabIdOf(page);
  const imageUrl = site.url('shop/img/hero.png');

  await clickContextMenu(extension, MENU.saveToLast, { srcUrl: imageUrl, pageUrl: page.url() }, tabId);
  await expect
    .poll(async () => (await backend.api.listBoards()).find((b) => b.name === 'Saved')?.coverImageUrl)
    .toBe(imageUrl);
  const board = (await backend.api.listBoards()).find((b) => b.name === 'Saved')!;
  const [pin] = (await backend.api.boardPins(board.id)).items;
  expect(pin).toMatchObject({ imageUrl, sourceUrl: page.url(), sourceTitle: await page.title() });

  // Many clicks on the same image: one pin.
  for (let n = 0; n < 3; n++)
    await clickContextMenu(extension, MENU.saveToLast, { srcUrl: imageUrl, pageUrl: page.url() }, tabId);
  await expect.poll(() => queuedSaves(extension)).toEqual([]);
  expect((await backend.api.boardPins(board.id)).items.filter((p) => p.imageUrl === imageUrl)).toHaveLength(1);
});

test('right-click → "Save to board…" opens the board picker for that image; a new board is made inline', async ({
  page,
  extension,
  backend,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('shop/product.html'));
  const tabId = await extension.tabIdOf(page);
  const imageUrl = site.url('shop/img/promo.png');
  await clickContextMenu(extension, MENU.saveToBoard, { srcUrl: imageUrl, pageUrl: page.url() }, tabId);

  const panel = await extension.openPanelFor(tabId);
  const intent = panel.getByTestId('save-intent');
  await expect(intent.locator('img')).toHaveAttribute('src', imageUrl);
  await intent.getByLabel('Board', { exact: true }).fill('Summer looks');
  await intent.getByRole('button', { name: 'Create board “Summer looks”' }).click();
  await expect(intent.getByTestId('save-confirmation')).toContainText('Summer looks');
  await expect
    .poll(async () => (await backend.api.listBoards()).find((b) => b.name === 'Summer looks')?.pinCount)
    .toBe(1);
  await panel.close();
});

test('the side panel saves a page image to a chosen board, and shows the board', async ({
  page,
  extension,
  backend,
  site,
  connectExtension,
}) => {
  await connectExtension();
  const lamps = await backend.api.createBoard({ name: `Lamps ${Date.now()}` });
  await page.goto(site.url('shop/product.html'), { waitUntil: 'load' });
  const tabId = await extension.tabIdOf(page);
  const panel = await extension.openPanelFor(tabId);

  const card = panel.locator(`[data-testid="page-image"][data-src="${site.url('shop/img/video-poster.png')}"]`);
  await card.getByRole('button', { name: /Save/ }).click();
  const dialog = panel.getByTestId('save-dialog');
  await dialog.getByLabel('Board', { exact: true }).fill(lamps.name.slice(0, 8));
  await dialog.getByRole('button', { name: new RegExp(lamps.name) }).click();
  await expect(dialog.getByTestId('save-confirmation')).toContainText(lamps.name);
  await expect.poll(async () => (await backend.api.getBoard(lamps.id)).pinCount).toBe(1);
  // Once the save lands, the page's card says so.
  await expect(card.getByTestId('already-saved')).toBeVisible();
  await expect(card.getByTestId('already-saved')).toHaveAttribute('title', new RegExp(lamps.name));

  // The Boards view shows it, and the pin opens in the board's grid.
  await panel.getByRole('tab', { name: 'Boards' }).click();
  await panel.getByTestId('board-card').filter({ hasText: lamps.name }).click();
  await expect(panel.getByTestId('pin-card')).toHaveAttribute('data-image-url', site.url('shop/img/video-poster.png'));
  await panel.close();
});

test('nothing is lost: 20 saves while the backend is down and the worker is stopped land exactly once', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  test.setTimeout(150_000);
  const backend = await startBackend({ user: 'offline' });
  try {
    await connectExtension(backend);
    const board = await backend.api.createBoard({ name: 'Offline' });
    await currentWorker(extension).evaluate((last) => chrome.storage.local.set({ lastBoard: last }), {
      id: board.id,
      name: board.name,
    });
    await page.goto(site.url('feed/index.html'));
    const tabId = await extension.tabIdOf(page);

    await backend.stop();
    const urls = Array.from({ length: 20 }, (_, n) =>
      site.url(`feed/img/item-${String((n % 18) + 1).padStart(2, '0')}.png?v=${n}`),
    );
    for (const srcUrl of urls)
      await clickContextMenu(extension, MENU.saveToLast, { srcUrl, pageUrl: page.url() }, tabId);
    await expect.poll(async () => (await queuedSaves(extension)).length).toBe(20);
    await expect.poll(async () => (await queuedSaves(extension)).every((save) => save.state === 'pending')).toBe(true);

    // Chrome stops idle workers; do it now, mid-retry.
    const cdp = await extension.context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');

    await backend.restart();
    // Any extension event wakes the worker, which sends what is waiting; the panel's "Retry all" does so at once.
    const panel = await extension.openPanelFor(tabId);
    await panel.getByTestId('pending-saves').getByRole('button', { name: 'Retry all' }).click();
    await expect.poll(async () => (await backend.api.getBoard(board.id)).pinCount, { timeout: 60_000 }).toBe(20);
    await expect.poll(() => queuedSaves(extension)).toEqual([]);
    const pins = await backend.api.boardPins(board.id, { limit: 100 });
    expect(pins.items.map((pin) => pin.imageUrl).sort()).toEqual([...urls].sort());
    await panel.close();
  } finally {
    await backend.stop();
  }
});
