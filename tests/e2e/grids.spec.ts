import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, test } from './fixtures';
import { captureScreenshot } from './harness/screenshots';
import { type StaticServer, startStaticServer } from './harness/static-server';

/**
 * The image-first grids (This page, a board's pins), a pin's own view, and
 * saving many images at once, against the real backend.
 */

/** Image shapes, width × height: tall, wide, square and in between. */
const SHAPES: [number, number][] = [
  [400, 500],
  [600, 300],
  [300, 600],
  [500, 500],
  [800, 450],
  [360, 640],
];
const shapeOf = (index: number) => SHAPES[index % SHAPES.length]!;

/** A page of `count` images, each its own URL (`?i=n`), in the shapes above. */
async function startLookbook(count: number): Promise<StaticServer & { dispose(): Promise<void> }> {
  const root = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-lookbook-'));
  for (const [width, height] of SHAPES)
    await writeFile(
      path.join(root, `${width}x${height}.svg`),
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="${width}" height="${height}" fill="#8fa3c8"/><circle cx="${width / 2}" cy="${height / 2}" r="${Math.min(width, height) / 3}" fill="#c84f7a"/></svg>`,
    );
  const images = Array.from({ length: count }, (_, i) => {
    const [width, height] = shapeOf(i);
    return `<img src="${width}x${height}.svg?i=${i}" width="${width / 2}" height="${height / 2}" alt="Look ${i}">`;
  });
  await writeFile(
    path.join(root, 'index.html'),
    `<!doctype html><meta charset="utf-8"><title>Lookbook</title>${images.join('')}`,
  );
  const site = await startStaticServer(root);
  return {
    ...site,
    async dispose() {
      await site.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}

const indexOf = (src: string) => Number(new URL(src).searchParams.get('i'));

/** Every rendered card's picture box and its cell's box, with the image's own size. */
function pictureBoxes(cards: Locator) {
  return cards.evaluateAll((elements) =>
    elements.map((card) => {
      const picture = card.querySelector('img')!.getBoundingClientRect();
      const cell = card.closest('li')!.getBoundingClientRect();
      return {
        src: card.getAttribute('data-src') ?? card.getAttribute('data-image-url')!,
        picture: { x: picture.x, y: picture.y + scrollY, width: picture.width, height: picture.height },
        cell: { x: cell.x, y: cell.y + scrollY, width: cell.width, height: cell.height },
      };
    }),
  );
}

/** Cards keep their image's shape (within a pixel of rounding), fill their cell, sit in ≥ 2 lanes and never overlap. */
function expectMasonry(boxes: Awaited<ReturnType<typeof pictureBoxes>>, sizeOf: (src: string) => [number, number]) {
  expect(boxes.length).toBeGreaterThan(3);
  for (const { src, picture, cell } of boxes) {
    const [width, height] = sizeOf(src);
    expect(Math.abs(picture.height - (picture.width * height) / width), src).toBeLessThanOrEqual(1);
    expect(Math.abs(cell.height - picture.height), src).toBeLessThanOrEqual(1);
  }
  expect(new Set(boxes.map((box) => Math.round(box.cell.x))).size).toBeGreaterThanOrEqual(2);
  for (const a of boxes)
    for (const b of boxes) {
      if (a === b) continue;
      const overlap =
        a.cell.x < b.cell.x + b.cell.width - 1 &&
        b.cell.x < a.cell.x + a.cell.width - 1 &&
        a.cell.y < b.cell.y + b.cell.height - 1 &&
        b.cell.y < a.cell.y + a.cell.height - 1;
      expect(overlap, `${a.src} overlaps ${b.src}`).toBe(false);
    }
}

const opacityOf = (locator: Locator) => locator.evaluate((element) => getComputedStyle(element).opacity);

test('This page and a board’s pins: masonry cards keep each image’s shape from the first render, and never jump', async ({
  page,
  extension,
  backend,
  connectExtension,
}) => {
  const site = await startLookbook(12);
  try {
    await connectExtension();
    await page.goto(site.url('index.html'), { waitUntil: 'load' });
    const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
    const cards = panel.getByTestId('page-image');
    await expect(cards).toHaveCount(12, { timeout: 15_000 });
    const first = await pictureBoxes(cards);
    expectMasonry(first, (src) => shapeOf(indexOf(src)));
    // Once every picture has loaded, nothing has moved.
    await expect
      .poll(() => cards.locator('img').evaluateAll((images) => images.every((i) => (i as HTMLImageElement).complete)))
      .toBe(true);
    expect(await pictureBoxes(cards)).toEqual(first);

    // A board's pins, whose sizes are stored with them.
    const board = await backend.api.createBoard({ name: `Shapes ${Date.now()}` });
    for (let i = 0; i < 8; i++) {
      const [width, height] = shapeOf(i);
      await backend.api.savePin({
        boardId: board.id,
        imageUrl: site.url(`${width}x${height}.svg?i=${i}`),
        width,
        height,
      });
    }
    await panel.getByRole('tab', { name: 'Boards' }).click();
    await panel.getByTestId('board-card').filter({ hasText: board.name }).click();
    const pins = panel.getByTestId('pin-card');
    await expect(pins).toHaveCount(8);
    expectMasonry(await pictureBoxes(pins), (src) => shapeOf(indexOf(src)));
    await panel.close();
  } finally {
    await site.dispose();
  }
});

test('card actions appear on hover and on keyboard focus, and the keyboard alone reaches each of them', async ({
  page,
  extension,
  connectExtension,
}) => {
  const site = await startLookbook(6);
  try {
    await connectExtension();
    await page.goto(site.url('index.html'), { waitUntil: 'load' });
    const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
    const cards = panel.getByTestId('page-image');
    await expect(cards).toHaveCount(6, { timeout: 15_000 });
    // Largest images first: each card's name comes from its image.
    const look = async (card: Locator) => `Look ${indexOf((await card.getAttribute('data-src'))!)}`;
    const [first, second] = [await look(cards.first()), await look(cards.nth(1))];
    const firstActions = cards.first().locator('.tile-actions');
    const secondActions = cards.nth(1).locator('.tile-actions');
    await panel.mouse.move(0, 0);
    await expect.poll(() => opacityOf(firstActions)).toBe('0');

    // Mouse: hovering a card shows its actions.
    await cards.nth(1).hover();
    await expect.poll(() => opacityOf(secondActions)).toBe('1');
    await expect(cards.nth(1).getByRole('button', { name: `Save ${second} to a board` })).toBeVisible();
    await panel.mouse.move(0, 0);
    await expect.poll(() => opacityOf(secondActions)).toBe('0');

    // Keyboard: Tab from the control before the grid lands in the first card; its actions show; Enter saves.
    await panel.getByTestId('start-selecting').focus();
    const reached: string[] = [];
    for (let press = 0; press < 6; press++) {
      await panel.keyboard.press('Tab');
      const name = await panel.evaluate(() =>
        document.activeElement?.closest('[data-testid="page-image"]') ===
        document.querySelector('[data-testid="page-image"]')
          ? (document.activeElement.getAttribute('aria-label') ?? document.activeElement.textContent)
          : null,
      );
      if (!name) break;
      reached.push(name);
      await expect.poll(() => opacityOf(firstActions)).toBe('1');
    }
    expect(reached).toEqual(
      expect.arrayContaining([
        `More actions for ${first}`,
        `Find similar products to ${first}`,
        `Save ${first} to a board`,
      ]),
    );

    // The menu: Enter opens it, its actions are next in Tab order, Escape closes it back onto its button.
    const more = cards.first().getByRole('button', { name: `More actions for ${first}` });
    await more.focus();
    await panel.keyboard.press('Enter');
    await expect(more).toHaveAttribute('aria-expanded', 'true');
    await panel.keyboard.press('Tab');
    await expect(cards.first().getByRole('link', { name: 'Open the image' })).toBeFocused();
    await panel.keyboard.press('Escape');
    await expect(more).toBeFocused();
    await expect(more).toHaveAttribute('aria-expanded', 'false');

    await cards
      .first()
      .getByRole('button', { name: `Save ${first} to a board` })
      .focus();
    await panel.keyboard.press('Enter');
    await expect(panel.getByRole('heading', { name: 'Save to a board' })).toBeFocused();
    await panel.close();
  } finally {
    await site.dispose();
  }
});

test('a pin’s own view: edit its note and tags in place, move it to another board, delete it and undo', async ({
  extension,
  backend,
  site,
  connectExtension,
}) => {
  await connectExtension();
  const stamp = Date.now();
  const from = await backend.api.createBoard({ name: `Living room ${stamp}` });
  const to = await backend.api.createBoard({ name: `Bedroom ${stamp}` });
  const { pin } = await backend.api.savePin({
    boardId: from.id,
    imageUrl: site.url('shop/img/hero.png'),
    sourceUrl: site.url('shop/product.html'),
    sourceTitle: 'Linen shirt',
    altText: 'A blue linen shirt',
    product: { name: 'Linen shirt', price: '49.00', currency: 'EUR', url: site.url('shop/product.html'), images: [] },
  });
  const panel = await extension.context.newPage();
  await panel.setViewportSize({ width: 420, height: 900 });
  await panel.goto(extension.pageUrl('sidepanel.html'));
  await panel.getByRole('tab', { name: 'Boards' }).click();
  await panel.getByTestId('board-card').filter({ hasText: from.name }).click();

  // Keyboard: the card's first stop opens the pin.
  const open = panel.getByRole('button', { name: 'Open pin: A blue linen shirt' });
  await open.focus();
  await panel.keyboard.press('Enter');
  const view = panel.getByTestId('pin-view');
  await expect(view.getByRole('heading', { name: 'A blue linen shirt' })).toBeFocused();
  await expect(view.getByTestId('pin-source')).toHaveAttribute('href', site.url('shop/product.html'));
  await expect(view.getByTestId('pin-price')).toContainText('49');
  await expect(view.getByTestId('pin-shop')).toContainText('127.0.0.1');
  await expect(view.getByTestId('provenance-badge')).toBeVisible();
  for (const colorScheme of ['light', 'dark'] as const)
    await captureScreenshot(panel, 'sidepanel-pin', { colorScheme });

  await view.getByLabel('Note').fill('For the terrace, in summer');
  await view.getByLabel('Tags').fill('linen, blue, linen');
  await view.getByRole('button', { name: 'Save note and tags' }).click();
  await expect(view.getByTestId('pin-notes-saved')).toBeVisible();
  await expect
    .poll(async () => (await backend.api.boardPins(from.id)).items.find((p) => p.id === pin.id))
    .toMatchObject({ note: 'For the terrace, in summer', tags: ['linen', 'blue'] });

  await view.getByLabel('Move to board').selectOption({ label: to.name });
  await view.getByRole('button', { name: 'Move', exact: true }).click();
  await expect(view.getByTestId('pin-moved')).toContainText(to.name);
  await expect.poll(async () => (await backend.api.getBoard(to.id)).pinCount).toBe(1);
  expect((await backend.api.getBoard(from.id)).pinCount).toBe(0);

  // Delete, then undo: the pin is back on its board with its note and tags.
  await view.getByTestId('pin-delete').click();
  await expect(panel.getByTestId('pin-deleted')).toBeVisible();
  await expect.poll(async () => (await backend.api.getBoard(to.id)).pinCount).toBe(0);
  await panel.getByTestId('pin-deleted').getByRole('button', { name: 'Undo' }).click();
  await expect
    .poll(async () => (await backend.api.boardPins(to.id)).items)
    .toEqual([
      expect.objectContaining({
        imageUrl: site.url('shop/img/hero.png'),
        note: 'For the terrace, in summer',
        tags: ['linen', 'blue'],
      }),
    ]);
  await panel.close();
});

test('save many: select with click, shift-click and “select all allowed”; 30 images give 30 pins, 3 reported already saved', async ({
  page,
  extension,
  backend,
  connectExtension,
}) => {
  const site = await startLookbook(30);
  try {
    await connectExtension();
    const board = await backend.api.createBoard({ name: `Lookbook ${Date.now()}` });
    for (const i of [2, 11, 27]) {
      const [width, height] = shapeOf(i);
      await backend.api.savePin({ boardId: board.id, imageUrl: site.url(`${width}x${height}.svg?i=${i}`) });
    }
    await page.goto(site.url('index.html'), { waitUntil: 'load' });
    const panel = await extension.openPanelFor(page, { viewport: { width: 420, height: 900 } });
    await expect(panel.getByTestId('page-status')).toContainText('30 images to save', { timeout: 15_000 });

    await panel.getByTestId('start-selecting').click();
    // A click picks one; a shift-click picks the range up to it (in the grid's order, largest first).
    const cards = panel.getByTestId('page-image');
    await cards.nth(0).locator('.tile-hit').click();
    await cards
      .nth(4)
      .locator('.tile-hit')
      .click({ modifiers: ['Shift'] });
    await expect(panel.getByTestId('selected-count')).toHaveText('5 selected');
    for (const n of [0, 1, 2, 3, 4]) await expect(cards.nth(n)).toHaveAttribute('data-selected', 'true');
    await expect(cards.nth(5)).toHaveAttribute('data-selected', 'false');
    // The keyboard: Space on a card's checkbox.
    await cards.nth(5).getByRole('checkbox').focus();
    await panel.keyboard.press('Space');
    await expect(panel.getByTestId('selected-count')).toHaveText('6 selected');

    await panel.getByRole('button', { name: 'Select all allowed' }).click();
    await expect(panel.getByTestId('selected-count')).toHaveText('30 selected');
    await panel.getByRole('button', { name: 'Save 30 to a board…' }).click();
    const dialog = panel.getByTestId('save-many-dialog');
    await dialog.getByLabel('Board', { exact: true }).fill(board.name);
    await dialog.getByRole('button', { name: new RegExp(board.name) }).click();

    const status = dialog.getByTestId('save-many-status');
    await expect(status).toHaveAttribute('data-done', 'true', { timeout: 60_000 });
    await expect(status).toHaveAttribute('data-created', '27');
    await expect(status).toHaveAttribute('data-already-saved', '3');
    await expect(status).toContainText('27 new · 3 already saved');
    const pins = await backend.api.boardPins(board.id, { limit: 100 });
    expect(pins.items).toHaveLength(30);
    expect(new Set(pins.items.map((pin) => indexOf(pin.imageUrl)))).toEqual(
      new Set(Array.from({ length: 30 }, (_, i) => i)),
    );
    await panel.close();
  } finally {
    await site.dispose();
  }
});
