import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './harness/axe';

/**
 * axe-core on every screen of the popup and the side panel, in light and dark
 * (the helper lists each violation with its elements when it fails).
 */

test('the popup', async ({ extension, connectExtension }) => {
  await connectExtension();
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  await expect(popup.getByRole('heading').first()).toBeVisible();
  await expectNoSeriousViolations(popup, 'popup');
  await popup.close();
});

test('the side panel: this page, its provenance badges and evidence', async ({ page, extension, site, connectExtension }) => {
  await connectExtension();
  await page.goto(site.url('shop/product.html'), { waitUntil: 'load' });
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl(`sidepanel.html?tabId=${await extension.tabIdOf(page)}`));
  await expect(panel.getByTestId('page-image').first()).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('page-product')).toBeVisible();
  // The badges of the cards on screen have their answers (verdicts or errors), not "Checking…".
  const badges = panel.locator('[data-testid="provenance-badge"]');
  await expect(badges.first()).toBeVisible({ timeout: 30_000 });
  await expect(panel.locator('[data-testid="provenance-badge"][data-state="checking"]')).toHaveCount(0, { timeout: 60_000 });
  await expectNoSeriousViolations(panel, 'This page');

  await badges.first().click();
  await expect(panel.getByTestId('provenance-details')).toBeVisible();
  await expectNoSeriousViolations(panel, 'This page, provenance evidence');
  await panel.close();
});

test('the side panel: search, before and after searching', async ({ extension, connectExtension }) => {
  await connectExtension();
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Search' }).click();
  await expect(panel.getByRole('searchbox', { name: 'Search products' })).toBeVisible();
  await expectNoSeriousViolations(panel, 'Search, nothing searched');

  // The worker's backend has an empty catalogue: the answer is the empty state (or the error saying why not).
  await panel.getByRole('searchbox', { name: 'Search products' }).fill('linen shirt');
  await panel.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(panel.locator('[data-testid="search-empty"], [data-testid="search-error"], [data-testid="product-result"]').first()).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousViolations(panel, 'Search, answered');
  await panel.close();
});

test('the side panel: boards and a board’s pins', async ({ extension, backend, site, connectExtension }) => {
  await connectExtension();
  const board = await backend.api.createBoard({ name: `Summer looks ${Date.now()}` });
  for (const image of ['shop/img/hero.png', 'shop/img/related-1.png', 'shop/img/related-2-600.png']) {
    await backend.api.savePin({ boardId: board.id, imageUrl: site.url(image), sourceUrl: site.url('shop/product.html'), altText: 'A linen shirt', note: image.includes('hero') ? 'For the terrace' : '' });
  }
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Boards' }).click();
  const card = panel.getByTestId('board-card').filter({ hasText: board.name });
  await expect(card).toBeVisible();
  await expectNoSeriousViolations(panel, 'Boards');

  await card.click();
  await expect(panel.getByTestId('pin-card')).toHaveCount(3);
  await expectNoSeriousViolations(panel, 'Board pins');
  await panel.close();
});
