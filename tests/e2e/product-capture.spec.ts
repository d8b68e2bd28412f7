import { expect, test } from './fixtures';

// Product data as real shops write it (issue 18): the panel shows the page's own product even with
// 40 recommendations after it, odd case, a withdrawn currency code and an icon glyph in the name.
test('a shop page with 40 recommended products shows its own product, cleaned up', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('shop/recommendations.html'), { waitUntil: 'load' });
  const tabId = await extension.tabIdOf(page);
  const panel = await extension.openPanelFor(tabId);

  const product = panel.getByTestId('page-product');
  await expect(product).toContainText('Oak Side Table', { timeout: 15_000 });
  await expect(product).not.toContainText('Other thing');
  await expect(product.getByTestId('product-price')).toHaveText('249.00 RUB');
});
