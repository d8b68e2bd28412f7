import { expect, test } from './fixtures';
import { captureScreenshot } from './harness/screenshots';

test('the popup saves the connection and the side panel shows it working on a live page', async ({
  page,
  extension,
  backend,
  site,
}) => {
  // The backend the fixture started answers for the token its CLI printed.
  expect((await backend.api.me()).name).toBe('e2e');

  // 1. Settings: a half-pasted token is refused with a readable reason, the real one is saved.
  await page.goto(extension.pageUrl('popup.html'));
  await page.getByLabel('Backend URL').fill(backend.url);
  await page.getByLabel('API token').fill(backend.token.slice(0, 20));
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('paste the whole token')).toBeVisible();

  await page.getByLabel('API token').fill(backend.token);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(page.getByTestId('connection-status')).toContainText('Connected as e2e');
  await page.setViewportSize({ width: 380, height: 420 });
  await captureScreenshot(page, 'popup');

  // 2. A web page, where the content script should be running.
  const shop = await extension.context.newPage();
  await shop.goto(site.url('basic.html'));
  const tabId = await extension.tabIdOf(shop);

  // 3. The side panel (opened as a tab, as Firefox's sidebar and tests do) for that tab.
  const panel = await extension.openPanelFor(tabId);
  await expect(panel.getByTestId('connection-status')).toHaveAttribute('data-state', 'connected');
  await expect(panel.getByTestId('connection-status')).toContainText(
    `Connected as e2e · Loupe 0.1.0 at ${backend.url}`,
  );
  await expect(panel.getByTestId('page-status')).toHaveAttribute('data-state', 'alive');
  await panel.setViewportSize({ width: 400, height: 600 });
  for (const colorScheme of ['light', 'dark'] as const) await captureScreenshot(panel, 'sidepanel', { colorScheme });

  await shop.close();
  await panel.close();
});

test('the side panel says so when the token is refused, and when no content script can run', async ({
  page,
  extension,
  connectExtension,
}) => {
  await connectExtension();
  await extension.serviceWorker.evaluate(() => chrome.storage.local.set({ apiToken: `loupe_${'A'.repeat(43)}` }));
  const blank = await extension.context.newPage();
  await blank.goto('about:blank');
  const tabId = await extension.tabIdOf(blank);

  await page.goto(extension.pageUrl(`sidepanel.html?tabId=${tabId}`));
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-state', 'error');
  await expect(page.getByTestId('connection-status')).toContainText('refused the API token');
  await expect(page.getByTestId('page-status')).toHaveAttribute('data-state', 'absent');
  await blank.close();
});
