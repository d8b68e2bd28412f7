import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { expect, test } from './fixtures';
import type { Backend } from './harness/backend';
import { importCatalogue, startBackendWithModel } from './harness/catalogue';
import { expectNoSeriousViolations } from './harness/axe';
import { startFixtureSite } from './harness/fixture-site';

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

test.describe('search your saves, and shop this board', () => {
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;
  const pinOf = new Map<string, string>();
  let boardName: string;

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
        price: `${10 + index}.00`,
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
    // The backend embeds new pins in the background.
    await expect
      .poll(async () => (await backend.api.boardProducts(board.id)).pinsUsed, { timeout: 60_000 })
      .toBe(PINNED.length);
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
  });

  test('words find pins by their note, tags and alt text', async ({ extension, connectExtension }) => {
    await connectExtension(backend);
    const panel = await extension.context.newPage();
    await panel.goto(extension.pageUrl('sidepanel.html'));
    await panel.getByRole('tab', { name: 'Boards' }).click();
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
    await expectNoSeriousViolations(panel, 'Boards, search results');
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
    const panel = await extension.context.newPage();
    await panel.setViewportSize({ width: 420, height: 900 });
    await panel.goto(extension.pageUrl('sidepanel.html'));
    await panel.getByRole('tab', { name: 'Boards' }).click();
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
    await panel.close();
  });
});
