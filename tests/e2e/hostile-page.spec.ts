import { expect, test } from './fixtures';

/**
 * tests/pages/hostile/index.html attacks Loupe: markup in alt text and URLs, a javascript:
 * link, forged extension messages, a forged "newer content script" event, a huge DOM and a
 * mutation flood. Nothing may leak (no script runs in Loupe's pages, no save happens) and
 * nothing may break (Loupe keeps working on the page).
 */
test('a hostile page cannot inject, forge saves or switch Loupe off', async ({
  page,
  site,
  extension,
  backend,
  connectExtension,
}) => {
  await connectExtension();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(site.url('hostile/index.html'), { waitUntil: 'load' });
  await expect(page.locator('body')).toHaveAttribute('data-flood', 'done', { timeout: 20_000 });
  expect(await page.locator('body').getAttribute('data-send-message')).toBe('refused'); // not externally connectable
  const tabId = await extension.tabIdOf(page);

  const panel = await extension.context.newPage();
  panel.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await panel.goto(extension.pageUrl(`sidepanel.html?tabId=${tabId}`));
  await expect(panel.getByTestId('page-status')).toHaveAttribute('data-state', 'alive');
  // Every image of the huge page is listed (3 + 300), the flood did not lose any.
  await expect(panel.getByTestId('page-status')).toContainText('303 images to save', { timeout: 20_000 });

  // Markup in alt text and URLs stays text: the alt attribute holds the raw string, nothing ran.
  const altCard = panel.locator(`[data-testid="page-image"][data-src="${site.url('shop/img/hero.png?alt')}"]`);
  await altCard.scrollIntoViewIfNeeded();
  await expect(altCard.locator('img').first()).toHaveAttribute(
    'alt',
    '<img src=x onerror="window.__pwned=1"><b>bold</b>',
  );
  await expect(panel.locator('img[src="x"], b:text("bold"), svg[onload]')).toHaveCount(0);
  const urlCard = panel.locator(
    '[data-testid="page-image"][data-src*="svg%20onload"], [data-testid="page-image"][data-src*="%3Csvg"]',
  );
  await expect(urlCard).toHaveCount(1);
  expect(await panel.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);

  // The javascript: link is not a link to anything: the background's record of that image has none.
  const linked = await panel.evaluate(async (id) => {
    const reply = (await chrome.runtime.sendMessage({ loupe: 1, type: 'tab/page', payload: { tabId: id } })) as {
      ok: boolean;
      value: { images: { url: string; linkUrl: string | null }[] };
    };
    return reply.value.images.find((image) => image.url.endsWith('hero.png?linked'));
  }, tabId);
  expect(linked).toMatchObject({ linkUrl: null });

  // Loupe still works on the page after the forged "newer script" event: the hover button appears.
  await page.bringToFront();
  await page.locator('#alt-attack').hover();
  await expect(page.locator('loupe-save-button')).toBeVisible();

  // No forged save reached the backend.
  const boards = await backend.api.listBoards();
  for (const board of boards) {
    const pins = await backend.api.boardPins(board.id, { limit: 200 });
    expect(pins.items.filter((pin) => pin.imageUrl.includes('evil.test'))).toEqual([]);
  }
  await panel.close();
});
