import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from '@playwright/test';
import sirv from 'sirv';
import { expect, test } from './fixtures';

/**
 * The web as it is (issue 18): images that arrive after the scan, pictures kept in <noscript>,
 * and the page's main images first. Pages: tests/pages/late/.
 */

/** tests/pages on loopback, except `late/img/slow.png`, whose response waits until `release()`: an image still downloading. */
async function startHoldingServer() {
  const serve = sirv(path.resolve('tests/pages'), { dev: true });
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const server = createServer((req, res) => {
    const respond = () =>
      serve(req, res, () => {
        res.statusCode = 404;
        res.end('not found');
      });
    if (req.url?.startsWith('/late/img/slow.png')) void released.then(respond);
    else respond();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: (p: string) => `${origin}/${p}`,
    release,
    stop: () =>
      new Promise<void>((resolve) => {
        release();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

type Extension = Parameters<Parameters<typeof test>[2]>[0]['extension'];

/** Opens `url` at 1280 × 720 and a side panel on it. */
async function showInPanel(
  page: Page,
  extension: Extension,
  url: string,
  waitUntil: 'load' | 'domcontentloaded' = 'load',
) {
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.goto(url, { waitUntil });
  return extension.openPanelFor(page);
}

/** The This page list, in its order: path and source of each card. */
const listed = (panel: Page) =>
  panel
    .locator('[data-testid="page-image"]')
    .evaluateAll((cards) => cards.map((card) => new URL(card.getAttribute('data-src')!).pathname));
const sorted = async (panel: Page) => (await listed(panel)).sort();

test('late images: still downloading, native lazy below the fold, a script lazy-loader — listed, then judged by their real size', async ({
  page,
  extension,
  connectExtension,
}) => {
  await connectExtension();
  const server = await startHoldingServer();
  try {
    // `load` would wait for the held image: the page is read while it is still downloading.
    const panel = await showInPanel(page, extension, server.url('late/late.html'), 'domcontentloaded');

    // Nothing of these has a size yet: all listed provisionally, none rejected for being 0 × 0.
    await expect
      .poll(() => sorted(panel), { timeout: 15_000 })
      .toEqual([
        '/late/img/below-fold.png',
        '/late/img/script-lazy.png',
        '/late/img/slow.png',
        '/late/img/small-late.png',
      ]);

    // They arrive: the download finishes, the lazy-loader runs, the lazy images near the viewport load.
    server.release();
    await page.evaluate(() => (window as unknown as { runLazyLoader(): void }).runLazyLoader());
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await expect
      .poll(() => page.evaluate(() => [...document.images].every((image) => image.complete && image.naturalWidth > 0)))
      .toBe(true);
    // The 40 × 40 icon turned out too small: dropped. The rest stay, now with their real size.
    await expect
      .poll(() => sorted(panel))
      .toEqual(['/late/img/below-fold.png', '/late/img/script-lazy.png', '/late/img/slow.png']);
    await expect(panel.locator('[data-testid="page-image"][data-src$="/late/img/slow.png"]')).toBeVisible();

    // Reopening the panel shows the same list.
    await panel.close();
    const again = await extension.openPanelFor(page);
    await expect
      .poll(() => sorted(again))
      .toEqual(['/late/img/below-fold.png', '/late/img/script-lazy.png', '/late/img/slow.png']);
    await again.close();
  } finally {
    await server.stop();
  }
});

test('noscript pictures: a Medium-style blurred preview and next/image’s 1×1 GIF give way to the real picture', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  const panel = await showInPanel(page, extension, site.url('late/noscript.html'));
  // The largest candidate of each noscript, resolved against the page; never the preview or the GIF.
  await expect
    .poll(() => sorted(panel), { timeout: 15_000 })
    .toEqual(['/late/img/photo-2000.png', '/late/img/sofa-1920.png']);
  // The noscript text was parsed, not inserted: the page has no more images than it had.
  expect(await page.evaluate(() => document.images.length)).toBe(2);
  await panel.close();
});

test('main images first: the article’s photograph before the larger site logo, chrome last but listed', async ({
  page,
  extension,
  site,
  connectExtension,
}) => {
  await connectExtension();
  const panel = await showInPanel(page, extension, site.url('late/order.html'));
  await expect
    .poll(() => listed(panel), { timeout: 15_000 })
    .toEqual([
      '/late/img/article-photo.png',
      '/late/img/footer-promo.png',
      '/late/img/site-logo.png',
      '/late/img/author-avatar.png',
    ]);
  await panel.close();
});
