import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { sceneWith } from '../../server/features/catalog/testing/scenes';
import { MENU } from '../../entrypoints/background/menu-ids';
import type { ImageRegion } from '../../utils/contract';
import { expect, test } from './fixtures';
import type { Backend } from './harness/backend';
import { importCatalogue, startBackendWithModel } from './harness/catalogue';
import { clickContextMenu } from './harness/extension-state';
import { startFixtureSite } from './harness/fixture-site';
import { captureScreenshot } from './harness/screenshots';

test.skip(!haveFixtures, fixturesSkipReason);

const productsDir = fixturePath('embed', 'images', 'products');
interface Manifest {
  gallery: { id: string; from: string; source: boolean }[];
}
const manifest: Manifest = haveFixtures
  ? JSON.parse(readFileSync(path.join(productsDir, 'manifest.json'), 'utf8'))
  : { gallery: [] };
/** A small shop: twelve catalogue pictures and six look-alike distractors, each a product with a name from its drawing. */
const catalogue = [...manifest.gallery.slice(0, 12), ...manifest.gallery.filter((g) => !g.source).slice(0, 6)];
const titleOf = (from: string) =>
  path
    .basename(from, '.svg')
    .split('_')
    .filter((w) => w && !/^\d+$/.test(w))
    .slice(0, 3)
    .join(' ');
/** The shopper's photo: the milk carton cropped, rescaled and recompressed (the benchmark's transformed query). */
const QUERY = 'src003_q0.jpg';
const TARGET = 'src003';
/** A larger scene: a catalogue product in the top-left cell of a 3 × 3 grid of pictures the shop does not sell. */
const SCENE_TARGET = 'src007';

test.describe('find where to buy what you see', () => {
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const files: Record<string, string> = { [QUERY]: path.join(productsDir, 'queries', QUERY) };
    for (const item of catalogue) files[`${item.id}.png`] = path.join(productsDir, 'gallery', `${item.id}.png`);
    // The feed and the shopper's page live on the same loopback site as the images.
    site = await startFixtureSite(files, {
      'inspiration.html': `<!doctype html><meta charset="utf-8"><title>Kitchen inspiration</title><h1>Morning light</h1><img src="${QUERY}" alt="a carton on the table" style="width:300px">`,
    });
    const others = manifest.gallery.filter((g) => !g.source).slice(6, 14);
    const scene = await sceneWith(
      await readFile(path.join(productsDir, 'gallery', `${SCENE_TARGET}.png`)),
      await Promise.all(others.map((g) => readFile(path.join(productsDir, 'gallery', `${g.id}.png`)))),
      0,
    );
    await site.writePage('scene.jpg', scene.bytes);
    await site.writePage(
      'living-room.html',
      `<!doctype html><meta charset="utf-8"><title>Living room</title><h1>Shelf ideas</h1><img src="scene.jpg" alt="a shelf of things" style="width:360px">`,
    );
    backend = await startBackendWithModel('shop-admin');
    const done = await importCatalogue(
      backend,
      site,
      catalogue.map((item, index) => ({
        sourceId: item.id,
        title: titleOf(item.from),
        brand: index % 2 ? 'Acme' : 'Globex',
        link: site.url(`products/${item.id}`),
        imageUrl: site.url(`${item.id}.png`),
        price: `${10 + index}.50`,
        currency: 'EUR',
        availability: index % 3 === 2 ? 'out_of_stock' : 'in_stock',
      })),
      'loopback-shop',
    );
    expect(done.counts.created).toBe(catalogue.length);
    expect(done.counts.imagesEmbedded).toBe(catalogue.length);
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
  });

  test('“Find similar” on an image card lists the original product first, with price, shop and availability; search by words and filters too', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(site.url('inspiration.html'));
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId, { viewport: { width: 420, height: 900 } });

    const card = panel.locator(`[data-testid="page-image"][data-src="${site.url(QUERY)}"]`);
    await card.getByRole('button', { name: /^Find similar products to/ }).click();
    await expect(panel.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByTestId('similar-to')).toBeVisible();
    const results = panel.getByTestId('product-result');
    await expect(results.first()).toHaveAttribute('data-link', site.url(`products/${TARGET}`), { timeout: 30_000 });
    const first = results.first();
    await expect(first).toContainText(titleOf(catalogue.find((c) => c.id === TARGET)!.from));
    await expect(first.getByTestId('result-price')).toContainText('13.50');
    await expect(first).toContainText('127.0.0.1');
    await expect(first.getByRole('link', { name: 'Open in shop' })).toHaveAttribute(
      'href',
      site.url(`products/${TARGET}`),
    );
    await expect(results).toHaveCount(12);
    // Sorted and labelled by closeness: the original is a close match, most of the shop is not.
    await expect(panel.getByTestId('no-close-match')).toHaveCount(0);
    await expect(first.getByTestId('result-closeness')).toHaveText(/^Close match · similarity 0\.\d\d$/);
    await expect(panel.getByRole('heading', { name: 'Less alike' })).toBeVisible();
    const similarities = await panel
      .getByTestId('result-closeness')
      .evaluateAll((labels) => labels.map((label) => Number(/similarity (\S+)/.exec(label.textContent ?? '')![1])));
    expect(similarities).toEqual([...similarities].sort((a, b) => b - a));
    for (const colorScheme of ['light', 'dark'] as const)
      await captureScreenshot(panel, 'sidepanel-similar', { colorScheme });

    // Filters narrow the same search: only what is in stock.
    await panel.locator('summary', { hasText: 'Filters' }).click();
    await panel.getByLabel('Availability').selectOption('in_stock');
    await panel.getByRole('button', { name: 'Apply filters' }).click();
    await expect(results.first()).toHaveAttribute('data-link', site.url(`products/${TARGET}`));
    await expect(results.locator('[data-availability="out_of_stock"]')).toHaveCount(0);
    await expect(results.locator('[data-availability="in_stock"]')).toHaveCount(12);
    // A bad price is refused with a reason, and changes nothing.
    await panel.getByLabel('Lowest price').fill('cheap');
    await panel.getByRole('button', { name: 'Apply filters' }).click();
    await expect(panel.getByText('a price is a decimal number')).toBeVisible();

    // Words: the catalogue's text search.
    await panel.getByRole('searchbox', { name: 'Search products' }).fill('milk carton');
    await panel.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(panel.getByTestId('similar-to')).toHaveCount(0);
    await expect(results.first()).toHaveAttribute('data-link', site.url(`products/${TARGET}`));

    // Save a result to a new board: the pin is the product's picture, linked to its shop page.
    await results.first().getByRole('button', { name: 'Save' }).click();
    await results.first().getByLabel('Board', { exact: true }).fill('Kitchen');
    await results.first().getByRole('button', { name: 'Create board “Kitchen”' }).click();
    await expect(results.first().getByTestId('save-confirmation')).toContainText('Kitchen');
    await expect
      .poll(async () => {
        const board = (await backend.api.listBoards()).find((b) => b.name === 'Kitchen');
        return board ? (await backend.api.boardPins(board.id)).items.map((pin) => [pin.imageUrl, pin.sourceUrl]) : [];
      })
      .toEqual([[site.url(`${TARGET}.png`), site.url(`products/${TARGET}`)]]);
    await tab.close();
    await panel.close();
  });

  test('a box over part of the image finds the product inside a larger scene that the whole image misses', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(site.url('living-room.html'));
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId, { viewport: { width: 420, height: 900 } });
    await panel
      .locator(`[data-testid="page-image"][data-src="${site.url('scene.jpg')}"]`)
      .getByRole('button', { name: /^Find similar products to/ })
      .click();
    // The whole scene looks like nothing the shop sells, and the panel says so.
    await expect(panel.getByTestId('no-close-match')).toBeVisible({ timeout: 30_000 });
    await expect(panel.getByTestId('no-close-match')).toContainText('Nothing in your catalogue looks like this image');

    // Draw a box around the product (top-left third of the picture) with the pointer.
    await panel.getByRole('button', { name: 'Search a part' }).click();
    const picture = panel.getByTestId('region-picker');
    await expect(picture.locator('img')).toHaveJSProperty('complete', true);
    const frame = (await picture.boundingBox())!;
    await panel.mouse.move(frame.x + 3, frame.y + 3);
    await panel.mouse.down();
    await panel.mouse.move(frame.x + frame.width / 3 - 3, frame.y + frame.height / 3 - 3, { steps: 6 });
    await panel.mouse.up();
    const area = panel.getByTestId('region-box');
    const regionNow = async () => JSON.parse((await area.getAttribute('data-region'))!) as ImageRegion;
    const drawn = await regionNow();
    expect(drawn.left).toBeLessThan(0.02);
    expect(drawn.width).toBeGreaterThan(0.3);
    expect(drawn.width).toBeLessThan(0.34);

    // The keyboard moves and resizes the same box: right and back, taller and back.
    await area.focus();
    await panel.keyboard.press('ArrowRight');
    await expect.poll(async () => (await regionNow()).left).toBeCloseTo(drawn.left + 0.02, 4);
    await expect(panel.getByTestId('region-position')).toContainText('from the left');
    await panel.keyboard.press('ArrowLeft');
    await panel.keyboard.press('Shift+ArrowDown');
    await expect.poll(async () => (await regionNow()).height).toBeCloseTo(drawn.height + 0.02, 4);
    await panel.keyboard.press('Shift+ArrowUp');
    await expect.poll(regionNow).toEqual(drawn);

    await panel.getByRole('button', { name: 'Find similar', exact: true }).click();
    const first = panel.getByTestId('product-result').first();
    await expect(first).toHaveAttribute('data-link', site.url(`products/${SCENE_TARGET}`), { timeout: 30_000 });
    await expect(first.getByTestId('result-closeness')).toContainText('Close match');
    await expect(panel.getByTestId('no-close-match')).toHaveCount(0);
    await expect(panel.getByTestId('similar-to')).toContainText('the part of this image in the box');
    await tab.close();
    await panel.close();
  });

  test('right-click “Find similar products” opens the search on that image', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const tab = await extension.context.newPage();
    await tab.goto(site.url('inspiration.html'));
    const tabId = await extension.tabIdOf(tab);
    const panel = await extension.openPanelFor(tabId);
    await clickContextMenu(extension, MENU.findSimilar, { srcUrl: site.url(QUERY), pageUrl: tab.url() }, tabId);
    await expect(panel.getByRole('tab', { name: 'Search' })).toHaveAttribute('aria-selected', 'true');
    await expect(panel.getByTestId('product-result').first()).toHaveAttribute(
      'data-link',
      site.url(`products/${TARGET}`),
      { timeout: 30_000 },
    );
    await tab.close();
    await panel.close();
  });
});

test('without a model, “Find similar” says exactly how to get one', async ({ extension, connectExtension, site }) => {
  await connectExtension(); // the worker's backend: no model configured
  const tab = await extension.context.newPage();
  await tab.goto(site.url('shop/product.html'));
  const tabId = await extension.tabIdOf(tab);
  const panel = await extension.openPanelFor(tabId);
  await panel
    .getByRole('button', { name: /^Find similar products to/ })
    .first()
    .click();
  await expect(panel.getByTestId('search-error')).toContainText('models fetch');
  await tab.close();
  await panel.close();
});
