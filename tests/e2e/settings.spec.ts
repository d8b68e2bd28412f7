import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { MENU } from '../../entrypoints/background/menu-ids';
import { expect, test } from './fixtures';
import { forgetPinsOf } from './harness/backend';
import { clickContextMenu } from './harness/extension-state';
import { captureScreenshot } from './harness/screenshots';

/** A server that answers /healthz like a Loupe backend of a newer API version. */
async function newerBackend() {
  const server = createServer((req, res) => {
    res.writeHead(req.url === '/healthz' ? 200 : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok', service: 'loupe', version: '9.0.0', apiVersion: 2, database: 'postgres' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function connect(popup: Page, url: string, token: string) {
  await popup.getByLabel('Backend URL').fill(url);
  await popup.getByLabel('API token').fill(token);
  await popup.getByRole('button', { name: 'Save', exact: true }).click();
}

test('the connection test says exactly what is wrong: unreachable, wrong version, refused token', async ({
  page,
  extension,
  backend,
}) => {
  await page.goto(extension.pageUrl('popup.html'));
  const status = page.getByTestId('connection-status');

  const nowhere = await closedPort();
  await connect(page, nowhere, backend.token);
  await expect(status).toHaveAttribute('data-state', 'error');
  await expect(status).toContainText(`Could not reach the Loupe backend at ${nowhere}`);

  const newer = await newerBackend();
  try {
    await connect(page, newer.url, backend.token);
    await expect(status).toContainText('speaks API version 2 (Loupe 9.0.0); this extension needs version 1');
  } finally {
    await newer.stop();
  }
  // The same address, now down: "Test connection" checks again and says so.
  await page.getByRole('button', { name: 'Test connection' }).click();
  await expect(status).toContainText(`Could not reach the Loupe backend at ${newer.url}`);

  const wrong = `${backend.token.slice(0, -4)}${backend.token.endsWith('aaaa') ? 'bbbb' : 'aaaa'}`;
  await connect(page, backend.url, wrong);
  await expect(status).toContainText(`The backend at ${backend.url} refused the API token`);

  await connect(page, backend.url, backend.token);
  await expect(status).toHaveAttribute('data-state', 'connected');
});

test('every page setting takes effect in an open tab without a reload', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await extension.serviceWorker.evaluate(() =>
    chrome.storage.sync.remove([
      'blockedSites',
      'blockedSites$',
      'hoverButton',
      'hoverButtonOffSites',
      'hoverButtonOffSites$',
      'minImageSize',
      'theme',
      'showBadgeCount',
    ]),
  );
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(site.url('shop/product.html'), { waitUntil: 'load' });
  const tabId = await extension.tabIdOf(page);
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl(`popup.html?tabId=${tabId}`));
  await popup.setViewportSize({ width: 400, height: 900 });

  const photo = page.locator('img[srcset*="1600w"]');
  const button = page.locator('loupe-save-button');
  const hoverShows = async (visible: boolean) => {
    await page.mouse.move(0, 0);
    await photo.hover();
    if (visible) await expect(button).toBeVisible();
    else {
      await page.waitForTimeout(300); // give a button the chance to appear: it must not
      await expect(button).toBeHidden();
    }
  };
  await page.bringToFront();
  await hoverShows(true);

  // The Save button: off everywhere, then off on this site only.
  await popup.getByLabel('Show a Save button over images').uncheck();
  await hoverShows(false);
  await popup.getByLabel('Show a Save button over images').check();
  await hoverShows(true);
  await popup.getByLabel('Not on 127.0.0.1').check();
  await hoverShows(false);
  await popup.getByLabel('Not on 127.0.0.1').uncheck();
  await hoverShows(true);

  // Minimum size: the product photo is smaller than 1000 px, so no button; a bad value is refused.
  const minSize = popup.getByLabel('Smallest image for the Save button (px)');
  await minSize.fill('12');
  await minSize.press('Enter');
  await expect(popup.getByText('at least 120 px')).toBeVisible();
  await minSize.fill('1000');
  await minSize.press('Enter');
  await hoverShows(false);
  await minSize.fill('120');
  await minSize.press('Enter');
  await hoverShows(true);

  // The toolbar count: off by default (it means scanning every page), on and off again in an open tab.
  const badgeText = () => extension.serviceWorker.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
  expect(await badgeText()).toBe('');
  await popup.getByLabel('Show the number of images on the toolbar icon').check();
  await expect.poll(badgeText).toMatch(/^\d+$/);
  await popup.getByLabel('Show the number of images on the toolbar icon').uncheck();
  await expect.poll(badgeText).toBe('');

  // Blocking the site in one click makes Loupe dormant there: no images reported, no button.
  const panel = await extension.openPanelFor(tabId);
  await expect(panel.getByTestId('page-image').first()).toBeVisible();
  await popup.getByRole('button', { name: 'Block 127.0.0.1' }).click();
  await expect(popup.getByRole('list', { name: 'Blocked sites' })).toContainText('127.0.0.1');
  await expect(panel.getByTestId('page-image')).toHaveCount(0);
  await page.bringToFront();
  await hoverShows(false);
  await popup.getByRole('button', { name: 'Unblock 127.0.0.1' }).click();
  await expect(panel.getByTestId('page-image').first()).toBeVisible();
  await page.bringToFront();
  await hoverShows(true);

  // Typed sites are validated and normalised.
  await popup.getByLabel('Site to block').fill('not a site!');
  await popup.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(popup.getByText('that is not a site name')).toBeVisible();
  await popup.getByLabel('Site to block').fill('https://www.Example.com/some/page');
  await popup.getByRole('button', { name: 'Block', exact: true }).click();
  await expect(popup.getByRole('list', { name: 'Blocked sites' })).toContainText('example.com');

  // Theme: the popup and an open side panel follow at once.
  await popup.getByLabel('Theme').selectOption('dark');
  await expect(popup.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(panel.locator('html')).toHaveAttribute('data-theme', 'dark');
  for (const colorScheme of ['light', 'dark'] as const) {
    await popup.getByLabel('Theme').selectOption(colorScheme);
    await captureScreenshot(popup, 'popup-settings', { colorScheme });
  }
  await popup.getByLabel('Theme').selectOption('system');
  await expect(popup.locator('html')).not.toHaveAttribute('data-theme', /.+/);
  await panel.close();
  await popup.close();
});

test('site lists stored by an older version are migrated to plain host names', async ({ extension }) => {
  await extension.serviceWorker.evaluate(async () => {
    await chrome.storage.sync.remove(['blockedSites$']);
    await chrome.storage.sync.set({
      blockedSites: ['https://www.Shop.test/cart', 'shop.test', '*.news.test', 'not a site!', 42],
    });
  });
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  const list = popup.getByRole('list', { name: 'Blocked sites' });
  await expect(list.getByRole('listitem')).toHaveText(
    ['shop.test Unblock', 'news.test Unblock'].map((text) => new RegExp(text.replace(' ', '\\s*'))),
  );
  expect(
    await extension.serviceWorker.evaluate(async () => (await chrome.storage.sync.get('blockedSites')).blockedSites),
  ).toEqual(['shop.test', 'news.test']);
  await popup.getByRole('button', { name: 'Unblock shop.test' }).click();
  await popup.getByRole('button', { name: 'Unblock news.test' }).click();
  await popup.close();
});

test('opting in adds the product of a page you save from to your own catalogue, and only then', async ({
  page,
  extension,
  site,
  backend,
  connectExtension,
}) => {
  await connectExtension();
  const captured = async () =>
    (await backend.api.searchProducts('Linen Shirt', { source: 'captured' })).results.map((r) => [
      r.product.title,
      r.product.source,
    ]);
  await page.goto(site.url('shop/product.html'), { waitUntil: 'load' });
  const tabId = await extension.tabIdOf(page);
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl(`popup.html?tabId=${tabId}`));
  const optIn = popup.getByLabel(/Add products from pages I save from/);
  await expect(optIn).not.toBeChecked(); // off unless the person opts in

  const saveFromPage = async (image: string) => {
    await forgetPinsOf(backend, site.url(image));
    const before = (await backend.api.listBoards()).find((b) => b.name === 'Saved')?.pinCount ?? 0;
    await clickContextMenu(extension, MENU.saveToLast, { srcUrl: site.url(image), pageUrl: page.url() }, tabId);
    await expect
      .poll(async () => (await backend.api.listBoards()).find((b) => b.name === 'Saved')?.pinCount)
      .toBe(before + 1);
  };
  await saveFromPage('shop/img/shirt-blue-1600.png');
  await page.waitForTimeout(500); // the catalogue call would follow the acknowledged save
  expect(await captured()).toEqual([]);

  await optIn.check();
  await saveFromPage('shop/img/shirt-white-1200.webp');
  await expect.poll(captured).toEqual([['Linen Shirt', 'captured']]);
  // The pin itself carries the product it shows.
  const board = (await backend.api.listBoards()).find((b) => b.name === 'Saved')!;
  expect((await backend.api.boardPins(board.id)).items[0]!.product).toMatchObject({ name: 'Linen Shirt' });
  await optIn.uncheck();
  await popup.close();

  // Chrome stops idle workers, and a new one knows nothing of the page: a save from the hover button
  // still carries the product (the worker asks the page for it first).
  await forgetPinsOf(backend, site.url('shop/img/shirt-blue-1600.png'));
  const cdp = await extension.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.bringToFront();
  await page.locator('img[srcset*="1600w"]').hover();
  const button = page.locator('loupe-save-button');
  await expect(button).toBeVisible();
  await button.click();
  await expect(button).toHaveAttribute('data-state', 'saved');
  const pins = (await backend.api.boardPins(board.id)).items;
  expect(pins.find((pin) => pin.imageUrl === site.url('shop/img/shirt-blue-1600.png'))?.product).toMatchObject({
    name: 'Linen Shirt',
  });
});
