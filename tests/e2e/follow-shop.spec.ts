import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { shopItems, type ShopKind, startShop, type TestShop } from '../../server/features/shops/testing/shop-server';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { expect, test } from './fixtures';
import type { Backend } from './harness/backend';
import type { ExtensionBrowser } from './harness/browser';
import { startBackendWithModel } from './harness/catalogue';
import { startFixtureSite } from './harness/fixture-site';

// Follow each kind of shop from the side panel: a Shopify-like store, a WooCommerce-like one and a
// plain shop (sitemap index, JSON-LD pages), all on loopback, read by the real backend with the
// offline fixture model while the panel shows the progress. Then a shopper's photo of one of each
// shop's products (cropped, turned, shrunk and recompressed) finds that product first, marked close.
// Unfollowing a shop takes its products out of the search again.

test.skip(!haveFixtures, fixturesSkipReason);
test.describe.configure({ mode: 'serial' });

const productsDir = fixturePath('embed', 'images', 'products');
const gallery: { id: string; source: boolean }[] = haveFixtures
  ? (JSON.parse(readFileSync(path.join(productsDir, 'manifest.json'), 'utf8')) as { gallery: [] }).gallery
  : [];
/** Products per shop: small, so reading all three takes seconds (the 600-product case is the backend's). */
const PER_SHOP = 24;

interface ShopCase {
  kind: ShopKind;
  /** The first product id; each shop's ids are its own. */
  from: number;
  /** Where in the fixture gallery its pictures start. */
  galleryAt: number;
  /** The product whose photo the shopper has. */
  target: number;
  /** A page of the shop, as a person browsing it opens it. */
  pagePath: (id: number) => string;
  /** The product's link in the catalogue. */
  link: (origin: string, id: number) => string;
}

const CASES: ShopCase[] = [
  {
    kind: 'shopify',
    from: 1001,
    galleryAt: 0,
    target: 1004,
    pagePath: (id) => `/products/lamp-${id}`,
    link: (origin, id) => `${origin}/products/lamp-${id}?variant=${id * 100}`,
  },
  {
    kind: 'woocommerce',
    from: 2001,
    galleryAt: PER_SHOP,
    target: 2006,
    pagePath: (id) => `/product/lamp-${id}/`,
    link: (origin, id) => `${origin}/product/lamp-${id}/`,
  },
  {
    kind: 'sitemap',
    from: 3001,
    galleryAt: 2 * PER_SHOP,
    target: 3009,
    pagePath: (id) => `/p/${id}`,
    link: (origin, id) => `${origin}/p/${id}`,
  },
];

const pictureOf = (shop: ShopCase, id: number) =>
  path.join(productsDir, 'gallery', `${gallery[shop.galleryAt + id - shop.from]!.id}.png`);

/** The shopper's photo of a product: turned a little, cropped to its middle, shrunk and saved as a JPEG. */
async function photoOf(picture: string): Promise<Buffer> {
  const turned = await sharp(picture).rotate(6, { background: '#ffffff' }).toBuffer({ resolveWithObject: true });
  const { width, height } = turned.info;
  return sharp(turned.data)
    .extract({
      left: Math.round(width * 0.1),
      top: Math.round(height * 0.12),
      width: Math.round(width * 0.8),
      height: Math.round(height * 0.78),
    })
    .resize({ width: Math.round(width * 0.55) })
    .jpeg({ quality: 70 })
    .toBuffer();
}

test.describe('follow a shop, then find its products from a photo', () => {
  const shops = new Map<ShopKind, TestShop>();
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    for (const shop of CASES)
      shops.set(
        shop.kind,
        await startShop(shop.kind, shopItems(PER_SHOP, shop.from), {
          imageOf: (id) => readFile(pictureOf(shop, id)),
        }),
      );
    // The shopper's photos, each on a page of its own on another loopback site.
    site = await startFixtureSite({}, {});
    for (const shop of CASES) {
      await site.writePage(`${shop.kind}.jpg`, await photoOf(pictureOf(shop, shop.target)));
      await site.writePage(
        `${shop.kind}.html`,
        `<!doctype html><meta charset="utf-8"><title>Seen at a friend's</title><h1>Look at this</h1><img src="${shop.kind}.jpg" alt="a photo" style="width:320px">`,
      );
    }
    backend = await startBackendWithModel('shopper', { LOUPE_SHOP_REQUEST_DELAY_MS: '60' });
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
    await Promise.all([...shops.values()].map((shop) => shop.close()));
  });

  /** Opens `url` in a new tab and the side panel for it. */
  async function openWithPanel(extension: ExtensionBrowser, url: string): Promise<{ tab: Page; panel: Page }> {
    const tab = await extension.context.newPage();
    await tab.goto(url);
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId, { viewport: { width: 420, height: 900 } });
    return { tab, panel };
  }

  /** "Find similar" on the photo's card; the results' links, best first. */
  async function findSimilarFromPhoto(extension: ExtensionBrowser, shop: ShopCase) {
    const { tab, panel } = await openWithPanel(extension, site.url(`${shop.kind}.html`));
    await panel
      .locator(`[data-testid="page-image"][data-src="${site.url(`${shop.kind}.jpg`)}"]`)
      .getByRole('button', { name: /^Find similar products to/ })
      .click();
    await expect(panel.getByTestId('similar-to')).toBeVisible();
    return { tab, panel, results: panel.getByTestId('product-result') };
  }

  for (const shop of CASES) {
    test(`follows the ${shop.kind} shop from the side panel, and a photo of one of its products finds it`, async ({
      extension,
      connectExtension,
    }) => {
      test.setTimeout(90_000);
      await connectExtension(backend);
      const store = shops.get(shop.kind)!;
      const { tab, panel } = await openWithPanel(extension, `${store.origin}${shop.pagePath(shop.from + 2)}`);
      await expect(panel.getByTestId('page-product')).toContainText(`Lamp ${shop.from + 2}`, { timeout: 15_000 });
      await panel.getByRole('button', { name: 'Follow this shop' }).click();
      // The backend answers at once and reads in the background; the panel follows it to the end.
      const state = panel.getByTestId('shop-state');
      await expect(state).toHaveAttribute('data-status', /queued|importing/);
      await expect(state).toHaveAttribute('data-status', 'ready', { timeout: 60_000 });
      await expect(state).toContainText(`${PER_SHOP} products in your catalogue`);
      const [followed] = (await backend.api.listShops()).filter((s) => s.origin === store.origin);
      expect(followed).toMatchObject({ platform: shop.kind, products: PER_SHOP });
      expect(followed!.progress.read).toBe(PER_SHOP);
      await tab.close();
      await panel.close();

      const search = await findSimilarFromPhoto(extension, shop);
      const first = search.results.first();
      await expect(first).toHaveAttribute('data-link', shop.link(store.origin, shop.target), { timeout: 30_000 });
      await expect(first).toContainText(`Lamp ${shop.target}`);
      await expect(first.getByTestId('result-closeness')).toContainText('Close match');
      await expect(search.panel.getByTestId('no-close-match')).toHaveCount(0);
      await search.tab.close();
      await search.panel.close();
    });
  }

  test('unfollowing a shop from the side panel takes its products out of the search', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const shop = CASES.find((c) => c.kind === 'woocommerce')!;
    const store = shops.get(shop.kind)!;
    const { tab, panel } = await openWithPanel(extension, `${store.origin}${shop.pagePath(shop.target)}`);
    await expect(panel.getByTestId('shop-state')).toHaveAttribute('data-status', 'ready', { timeout: 15_000 });
    await panel.getByRole('button', { name: 'Unfollow' }).click();
    await expect(panel.getByRole('button', { name: 'Follow this shop' })).toBeVisible();
    expect((await backend.api.listShops()).map((s) => s.origin).sort()).toEqual(
      CASES.filter((c) => c !== shop)
        .map((c) => shops.get(c.kind)!.origin)
        .sort(),
    );
    expect((await backend.api.searchProducts(`Lamp ${shop.target}`)).results).toHaveLength(0);
    await tab.close();
    await panel.close();

    // The same photo finds nothing close any more, and nothing of that shop among the nearest products.
    const search = await findSimilarFromPhoto(extension, shop);
    await expect(search.panel.getByTestId('no-close-match')).toBeVisible({ timeout: 30_000 });
    await expect(search.results).not.toHaveCount(0);
    const links = await search.results.evaluateAll((results) => results.map((r) => r.getAttribute('data-link') ?? ''));
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => link.startsWith(store.origin))).toEqual([]);
    await search.tab.close();
    await search.panel.close();
  });
});
