import { shopItems, startShop, type TestShop } from '../../server/features/shops/testing/shop-server';
import { expect, test } from './fixtures';
import { type Backend, startBackend } from './harness/backend';

// Follow a shop from the side panel: a plain loopback shop (sitemap index, JSON-LD product pages),
// read by the real backend in the background while the panel shows the progress; unfollow takes
// its products away again.
test.describe('follow a shop', () => {
  let shop: TestShop;
  let backend: Backend;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    shop = await startShop('sitemap', shopItems(6, 301));
    backend = await startBackend({
      user: 'shopper',
      env: { LOUPE_FETCH_ALLOW_PRIVATE: 'true', LOUPE_SHOP_REQUEST_DELAY_MS: '50' },
    });
  });
  test.afterAll(async () => {
    await backend?.stop();
    await shop?.close();
  });

  test('“Follow this shop” beside the product card reads the shop, live, and unfollowing removes its products', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(`${shop.origin}/p/303`);
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.context.newPage();
    await panel.goto(extension.pageUrl(`sidepanel.html?tabId=${tabId}`));

    await expect(panel.getByTestId('page-product')).toContainText('Lamp 303', { timeout: 15_000 });
    await panel.getByRole('button', { name: 'Follow this shop' }).click();
    // The backend answers at once and reads in the background: the panel shows where it is.
    await expect(panel.getByTestId('shop-state')).toHaveAttribute('data-status', /queued|importing|ready/);
    await expect(panel.getByTestId('shop-state')).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
    await expect(panel.getByTestId('shop-state')).toContainText('6 products in your catalogue');
    const found = await backend.api.searchProducts('Lamp 304');
    expect(found.results.map((result) => result.product.link)).toContain(`${shop.origin}/p/304`);

    await panel.getByRole('button', { name: 'Unfollow' }).click();
    await expect(panel.getByRole('button', { name: 'Follow this shop' })).toBeVisible();
    expect(await backend.api.listShops()).toHaveLength(0);
    expect((await backend.api.searchProducts('Lamp 304')).results).toHaveLength(0);
  });
});
