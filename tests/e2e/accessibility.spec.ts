import { provenanceFixtureCases } from '../../server/testing/provenance-fixture-cases';
import { fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { expect, test } from './fixtures';
import { captureScreenshot } from './harness/screenshots';
import { expectNoSeriousViolations } from './harness/axe';
import { type Backend, startBackend } from './harness/backend';
import { startFixtureSite } from './harness/fixture-site';

/**
 * axe-core on every screen of the popup and the side panel, in light and dark
 * (the helper lists each violation with its elements when it fails). The views
 * that need the image model (search your saves, Shop this board with its
 * filters, More like this in a pin's view) are checked in board-search.spec.ts,
 * whose backend has it.
 */

test('the popup', async ({ extension, connectExtension }) => {
  await connectExtension();
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  await expect(popup.getByRole('heading').first()).toBeVisible();
  await expectNoSeriousViolations(popup, 'popup');
  await popup.close();
});

test('the side panel: this page, its provenance badges and evidence', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('shop/product.html'), { waitUntil: 'load' });
  const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
  await expect(panel.getByTestId('page-image').first()).toBeVisible({ timeout: 15_000 });
  await expect(panel.getByTestId('page-product')).toBeVisible();
  // The badges of the cards on screen have their answers (verdicts or errors), not "Checking…".
  const badges = panel.locator('[data-testid="provenance-badge"]');
  await expect(badges.first()).toBeVisible({ timeout: 30_000 });
  await expect(panel.locator('[data-testid="provenance-badge"][data-state="checking"]')).toHaveCount(0, {
    timeout: 60_000,
  });
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
  await expect(
    panel.locator('[data-testid="search-empty"], [data-testid="search-error"], [data-testid="product-result"]').first(),
  ).toBeVisible({ timeout: 30_000 });
  await expectNoSeriousViolations(panel, 'Search, answered');
  await panel.close();
});

test('the side panel: boards and a board’s pins', async ({ extension, backend, site, connectExtension }) => {
  await connectExtension();
  const board = await backend.api.createBoard({ name: `Summer looks ${Date.now()}` });
  for (const image of ['shop/img/hero.png', 'shop/img/related-1.png', 'shop/img/related-2-600.png']) {
    await backend.api.savePin({
      boardId: board.id,
      imageUrl: site.url(image),
      sourceUrl: site.url('shop/product.html'),
      altText: 'A linen shirt',
      note: image.includes('hero') ? 'For the terrace' : '',
    });
  }
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Boards' }).click();
  const card = panel.getByTestId('board-card').filter({ hasText: board.name });
  await expect(card).toBeVisible();
  await expectNoSeriousViolations(panel, 'Boards');
  for (const colorScheme of ['light', 'dark'] as const)
    await captureScreenshot(panel, 'sidepanel-boards', { colorScheme });

  await card.click();
  await expect(panel.getByTestId('pin-card')).toHaveCount(3);
  await expectNoSeriousViolations(panel, 'Board pins');
  await expect(panel.getByTestId('pin-card').locator('img').first()).toHaveJSProperty('complete', true);
  for (const colorScheme of ['light', 'dark'] as const)
    await captureScreenshot(panel, 'sidepanel-board-pins', { colorScheme });

  // A card's actions and menu, shown by keyboard focus; then the pin's own view.
  const firstPin = panel.getByTestId('pin-card').first();
  await firstPin.getByRole('button', { name: /^More actions for/ }).click();
  await expectNoSeriousViolations(panel, "Board pins, a card's menu open");
  await panel.keyboard.press('Escape');
  await firstPin.getByRole('button', { name: /^Open pin:/ }).click();
  await expect(panel.getByTestId('pin-view')).toBeVisible();
  await expectNoSeriousViolations(panel, "A pin's view");
  await panel.close();
});

test('the side panel: selecting several images on This page, and saving them', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  await page.goto(site.url('feed/index.html'), { waitUntil: 'load' });
  const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
  await expect(panel.getByTestId('page-image').first()).toBeVisible({ timeout: 15_000 });
  await panel.getByTestId('start-selecting').click();
  await panel.getByRole('button', { name: 'Select all allowed' }).click();
  await panel.getByRole('button', { name: /^Save \d+ to a board/ }).click();
  await expect(panel.getByTestId('save-many-dialog')).toBeVisible();
  await expectNoSeriousViolations(panel, 'This page, selecting');
  await panel.close();
});

test.describe('provenance verdicts', () => {
  test.skip(!haveFixtures, fixturesSkipReason);
  const cases = Object.fromEntries(provenanceFixtureCases.map((c) => [c.name, c]));
  /** Badges with different verdicts and strengths, each with its own words (what the fixtures give: AI-generated, edited with AI, unknown). */
  const shown = [
    'huminify_lady.png',
    'c2pats_amazon-titan-g1.png',
    'made_xmp_dst_composite_ai_edit.jpg',
    'made_camera_exif_only.jpg',
    'made_no_metadata.png',
  ];
  let site: Awaited<ReturnType<typeof startFixtureSite>>;
  let backend: Backend;
  test.beforeAll(async () => {
    site = await startFixtureSite(Object.fromEntries(shown.map((name) => [name, cases[name]!.file])), {
      'gallery.html': `<!doctype html><meta charset="utf-8"><title>Gallery</title>${shown.map((name) => `<img src="${name}" alt="${name}" style="width:220px;height:220px">`).join('')}`,
    });
    backend = await startBackend({ user: 'a11y', env: { LOUPE_FETCH_ALLOW_PRIVATE: 'true' } });
  });
  test.afterAll(async () => {
    await backend?.stop();
    await site?.stop();
  });

  test('the side panel: a badge for each verdict', async ({ extension, connectExtension }) => {
    await connectExtension(backend);
    const gallery = await extension.context.newPage();
    await gallery.goto(site.url('gallery.html'));
    const panel = await extension.openPanelFor(gallery, { viewport: { width: 420, height: 1400 } });
    // Final answers: a provisional one may still change its verdict.
    const done = panel.locator('[data-testid="provenance-badge"][data-state="done"][data-status="final"]');
    await expect(done).toHaveCount(shown.length, { timeout: 60_000 });
    const verdicts = new Set(
      await done.evaluateAll((badges) => badges.map((badge) => badge.getAttribute('data-verdict'))),
    );
    expect(verdicts).toEqual(new Set(shown.map((name) => cases[name]!.expected.verdict)));
    await expectNoSeriousViolations(panel, 'This page, provenance verdicts');
    await panel.close();
    await gallery.close();
  });
});
