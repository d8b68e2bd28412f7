import { expect, test } from './fixtures';
import { expectNoSeriousViolations } from './harness/axe';

/** What the side panel says when there is nothing to show, or it cannot show it: what to do next. */

test('not connected: Boards and Search say how to connect, instead of loading for ever', async ({
  extension,
  connectExtension,
}) => {
  await connectExtension();
  await extension.serviceWorker.evaluate(() => chrome.storage.local.set({ apiToken: '' }));
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));

  await panel.getByRole('tab', { name: 'Boards' }).click();
  await expect(panel.getByTestId('not-connected')).toContainText('paste the backend address and your token');
  await expect(panel.getByTestId('boards-loading')).toHaveCount(0);

  await panel.getByRole('tab', { name: 'Search' }).click();
  await panel.getByRole('searchbox', { name: 'Search products' }).fill('linen');
  await panel.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(panel.getByTestId('not-connected')).toContainText('your catalogue');
  await expect(panel.getByTestId('search-pending')).toHaveCount(0);
  await expectNoSeriousViolations(panel, 'Search, not connected');
  await panel.close();
});

test('empty: a page without pictures and an empty board say what to do', async ({
  page,
  extension,
  backend,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('basic.html'), { waitUntil: 'load' });
  const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
  await expect(panel.getByTestId('page-empty')).toContainText('Scroll the page to load more');
  await expect(panel.getByTestId('page-image')).toHaveCount(0);

  const board = await backend.api.createBoard({ name: `Empty ${Date.now()}` });
  await panel.getByRole('tab', { name: 'Boards' }).click();
  await panel.getByTestId('board-card').filter({ hasText: board.name }).click();
  await expect(panel.getByTestId('pins-empty')).toContainText('press Save');
  await expectNoSeriousViolations(panel, 'Board, empty');
  await panel.close();
});
