import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { expect, test } from './fixtures';
import type { Backend } from './harness/backend';
import type { ExtensionBrowser } from './harness/browser';
import { importCatalogue, startBackendWithModel } from './harness/catalogue';
import { expectNoSeriousViolations } from './harness/axe';
import { startFixtureSite } from './harness/fixture-site';
import { captureScreenshot } from './harness/screenshots';

test.skip(!haveFixtures, fixturesSkipReason);

const productsDir = fixturePath('embed', 'images', 'products');
interface Manifest {
  gallery: { id: string; source: boolean }[];
  queries: { id: string; target: string }[];
}
const manifest: Manifest = haveFixtures
  ? JSON.parse(readFileSync(path.join(productsDir, 'manifest.json'), 'utf8'))
  : { gallery: [], queries: [] };
/** A small shop: eight catalogue pictures and four distractors. */
const catalogue = [
  ...manifest.gallery.filter((g) => g.source).slice(0, 8),
  ...manifest.gallery.filter((g) => !g.source).slice(0, 4),
];
/** The board: other photos (cropped, rescaled, recompressed) of three of the shop's products, each with words of its own. */
const PINNED = [
  { target: 'src001', note: 'for the terracotta hallway' },
  { target: 'src004', tags: ['midcentury'] },
  { target: 'src006', altText: 'a wicker basket by the door' },
];
const queryOf = (target: string) => manifest.queries.find((q) => q.target === target)!.id;
/** A second board of the shop's own pictures, and a photo of one of them (made below with sharp) pinned beside them. */
const LOOKALIKES = catalogue.slice(0, 8);
const COPIED = LOOKALIKES[5]!.id;
const priceOf = (index: number) => 10 + index;

/** Someone else's photo of a picture: cropped off-centre, scaled down, a little brighter, recompressed as JPEG. */
async function transformedCopy(file: string): Promise<Uint8Array> {
  const { width, height } = await sharp(file).metadata();
  const crop = {
    left: Math.round(width * 0.06),
    top: Math.round(height * 0.1),
    width: Math.round(width * 0.85),
    height: Math.round(height * 0.84),
  };
  return sharp(file)
    .extract(crop)
    .resize({ width: Math.round(crop.width * 0.6) })
    .modulate({ brightness: 1.08 })
    .flatten({ background: '#ffffff' })
    .jpeg({ quality: 70 })
    .toBuffer();
}

/** The side panel, at a side panel's width, on its Boards view. */
async function openBoards(extension: ExtensionBrowser) {
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Boards' }).click();
  return panel;
}

test.describe('search your saves, and shop this board', () => {
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;
  const pinOf = new Map<string, string>();
  let boardName: string;
  /** The look-alikes board: the shop's pictures by id, and the photo of COPIED. */
  const lookalikePinOf = new Map<string, string>();
  let copyPinId: string;
  let lookalikesName: string;

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const files: Record<string, string> = {};
    for (const item of catalogue) files[`${item.id}.png`] = path.join(productsDir, 'gallery', `${item.id}.png`);
    for (const { target } of PINNED)
      files[`${queryOf(target)}.jpg`] = path.join(productsDir, 'queries', `${queryOf(target)}.jpg`);
    site = await startFixtureSite(files, {});
    backend = await startBackendWithModel('shopper');
    await importCatalogue(
      backend,
      site,
      catalogue.map((item, index) => ({
        sourceId: item.id,
        title: `Item ${item.id}`,
        link: site.url(`products/${item.id}`),
        imageUrl: site.url(`${item.id}.png`),
        price: `${priceOf(index)}.00`,
        currency: 'EUR',
        availability: 'in_stock',
      })),
      'loopback-shop',
    );

    const board = await backend.api.createBoard({ name: 'Hallway' });
    boardName = board.name;
    for (const { target, ...words } of PINNED) {
      const { pin } = await backend.api.savePin({
        boardId: board.id,
        imageUrl: site.url(`${queryOf(target)}.jpg`),
        ...words,
      });
      pinOf.set(target, pin.id);
    }
    const lookalikes = await backend.api.createBoard({ name: 'Look-alikes' });
    lookalikesName = lookalikes.name;
    for (const item of LOOKALIKES) {
      const { pin } = await backend.api.savePin({ boardId: lookalikes.id, imageUrl: site.url(`${item.id}.png`) });
      lookalikePinOf.set(item.id, pin.id);
    }
    await site.writePage('copy.jpg', await transformedCopy(path.join(productsDir, 'gallery', `${COPIED}.png`)));
    copyPinId = (
      await backend.api.savePin({
        boardId: lookalikes.id,
        imageUrl: site.url('copy.jpg'),
        altText: 'a photo from a friend',
      })
    ).pin.id;

    // The backend embeds new pins in the background.
    await expect
      .poll(async () => (await backend.api.boardProducts(board.id)).pinsUsed, { timeout: 60_000 })
      .toBe(PINNED.length);
    await expect
      .poll(async () => (await backend.api.boardProducts(lookalikes.id)).pinsUsed, { timeout: 60_000 })
      .toBe(LOOKALIKES.length + 1);
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
  });

  test('words find pins by their note, tags and alt text', async ({ extension, connectExtension }) => {
    await connectExtension(backend);
    const panel = await openBoards(extension);
    const search = panel.getByRole('searchbox', { name: 'Search your saves' });
    const results = panel.getByTestId('pin-search-result');
    for (const [words, target] of [
      ['terracotta', 'src001'],
      ['midcentury', 'src004'],
      ['wicker basket', 'src006'],
    ] as const) {
      await search.fill(words);
      await search.press('Enter');
      await expect(results).toHaveCount(1);
      await expect(results.first()).toHaveAttribute('data-pin-id', pinOf.get(target)!);
      await expect(results.first().getByTestId('pin-search-matched')).toHaveText('by its words');
    }
    // Results are image-first cards in the shared masonry grid; a result opens in its pin's view.
    await expect(panel.getByRole('list', { name: 'Your pins matching “wicker basket”' })).toHaveAttribute(
      'data-lanes',
      '2',
    );
    await expectNoSeriousViolations(panel, 'Boards, search results');
    for (const colorScheme of ['light', 'dark'] as const)
      await captureScreenshot(panel, 'sidepanel-pin-search', { colorScheme });
    await results.first().getByRole('button', { name: 'Open pin: a wicker basket by the door' }).click();
    await expect(panel.getByTestId('pin-view')).toHaveAttribute('data-pin-id', pinOf.get('src006')!);
    await panel.getByRole('button', { name: 'Back to “Hallway”' }).click();
    await panel.getByRole('button', { name: 'Back to boards' }).click();
    // Back on the Boards view, the search is as it was left.
    await expect(search).toHaveValue('wicker basket');
    await expect(results).toHaveCount(1);

    await search.fill('nothing like this');
    await panel.getByRole('button', { name: 'Search', exact: true }).click();
    await expect(panel.getByTestId('pin-search-none')).toBeVisible();
    await expect(results).toHaveCount(0);
    await panel.close();
  });

  test('“Shop this board” lists the products behind the board’s pins, each saying which pin', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const panel = await openBoards(extension);
    await panel.getByTestId('board-card').filter({ hasText: boardName }).click();
    await panel.getByRole('tab', { name: 'Shop this board' }).click();
    await expect(panel.getByRole('tab', { name: 'Shop this board' })).toHaveAttribute('aria-selected', 'true');
    const results = panel.getByTestId('product-result');
    await expect(results.first()).toBeVisible({ timeout: 30_000 });
    // Each pin's own product shows that pin as the reason ("why")…
    for (const { target } of PINNED) {
      const product = panel.locator(`[data-testid="product-result"][data-link="${site.url(`products/${target}`)}"]`);
      await expect(product.getByTestId('because').locator(`[data-pin-id="${pinOf.get(target)}"]`)).toBeVisible();
    }
    // …and comes in the first round: every pin's best match before any pin's second.
    const links = await results.evaluateAll((items) => items.slice(0, 3).map((item) => item.getAttribute('data-link')));
    expect(links.sort()).toEqual(PINNED.map(({ target }) => site.url(`products/${target}`)).sort());
    await expectNoSeriousViolations(panel, 'Shop this board');

    // Filters narrow the list: at most €12, only the products priced so, and fewer than before.
    const pricedAtMost = (euros: number) =>
      catalogue.filter((_, index) => priceOf(index) <= euros).map((item) => site.url(`products/${item.id}`));
    const before = await results.count();
    await panel.getByText('Filters', { exact: true }).click();
    const filters = panel.getByRole('form', { name: 'Filters' });
    // A bad field says what is wrong, next to it, and changes nothing.
    await filters.getByLabel('Lowest price').fill('cheap');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    await expect(filters.getByLabel('Lowest price')).toHaveAttribute('aria-invalid', 'true');
    await expect(results).toHaveCount(before);
    await expectNoSeriousViolations(panel, 'Shop this board, a bad filter');
    await filters.getByLabel('Lowest price').fill('');
    await filters.getByLabel('Highest price').fill('12');
    await filters.getByRole('button', { name: 'Apply filters' }).click();
    const shownLinks = () => results.evaluateAll((items) => items.map((item) => item.getAttribute('data-link')!));
    await expect
      .poll(async () => {
        const shown = await shownLinks();
        return shown.length > 0 && shown.every((link) => pricedAtMost(12).includes(link));
      })
      .toBe(true);
    const shown = await shownLinks();
    expect(shown.length).toBeLessThan(before);
    // The pin whose own product costs €11 still finds it.
    expect(shown).toContain(site.url('products/src001'));
    await expectNoSeriousViolations(panel, 'Shop this board, filtered');
    for (const colorScheme of ['light', 'dark'] as const)
      await captureScreenshot(panel, 'sidepanel-shop-board', { colorScheme });
    // Clearing them brings every product back.
    await filters.getByRole('button', { name: 'Clear' }).click();
    await expect(results).toHaveCount(before);
    await panel.close();
  });

  test('“More like this” in a pin’s view ranks the pin a photo was taken of first', async ({
    extension,
    connectExtension,
  }) => {
    await connectExtension(backend);
    const panel = await openBoards(extension);
    await panel.getByTestId('board-card').filter({ hasText: lookalikesName }).click();
    await panel.getByRole('button', { name: 'Open pin: a photo from a friend' }).click();
    const view = panel.getByTestId('pin-view');
    await expect(view).toHaveAttribute('data-pin-id', copyPinId);
    // Every other pin of the user, closest first, in the masonry grid: the picture the photo is of comes first.
    const similar = view.getByTestId('pin-more-grid').getByTestId('pin-card');
    await expect(similar.first()).toBeVisible({ timeout: 30_000 });
    await expect(similar.first()).toHaveAttribute('data-pin-id', lookalikePinOf.get(COPIED)!);
    expect(await similar.evaluateAll((cards) => cards.map((card) => card.getAttribute('data-pin-id')))).not.toContain(
      copyPinId,
    );
    await expectNoSeriousViolations(panel, 'A pin’s view, more like this');
    for (const colorScheme of ['light', 'dark'] as const)
      await captureScreenshot(panel, 'sidepanel-pin-more', { colorScheme });
    // A look-alike opens in the same view.
    await similar
      .first()
      .getByRole('button', { name: /^Open pin:/ })
      .click();
    await expect(view).toHaveAttribute('data-pin-id', lookalikePinOf.get(COPIED)!);
    await panel.close();
  });
});
