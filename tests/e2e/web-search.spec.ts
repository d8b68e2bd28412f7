import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from '@playwright/test';
import { fixturesSkipReason, haveFixtures } from '../../server/testing/fixtures';
import { MENU, webSearchItem } from '../../entrypoints/background/menu-ids';
import { expect, test } from './fixtures';
import type { ExtensionBrowser } from './harness/browser';
import { expectNoSeriousViolations } from './harness/axe';
import { startBackendWithModel } from './harness/catalogue';
import { clickContextMenu, currentWorker } from './harness/extension-state';
import { captureScreenshot } from './harness/screenshots';
import { expectCentrePart, standInEngine } from './harness/stand-in-engine';

/** An image on a public host: it goes to the engines by address (nothing fetches it: see `offline`). */
const PUBLIC_IMAGE = 'https://cdn.shop-example.com/lamps/brass lamp.jpg?w=800&h=600';
const ENCODED = encodeURIComponent(PUBLIC_IMAGE);
/** Each engine's search page for that image, written out as the engines document them. */
const ENGINE_URLS = {
  'google-lens': `https://lens.google.com/uploadbyurl?url=${ENCODED}`,
  bing: `https://www.bing.com/images/search?view=detailv2&iss=sbi&q=imgurl:${ENCODED}`,
  tineye: `https://tineye.com/search?url=${ENCODED}`,
  yandex: `https://yandex.com/images/search?rpt=imageview&url=${ENCODED}`,
};
/** A loopback image (only this machine can see it): it goes to an engine as bytes. */
const LOCAL_IMAGE = path.resolve('tests/pages/shop/img/hero.png');

/** The web beyond this machine (extension pages and loopback servers are the test's own). */
const offMachine = (url: URL) => /^https?:$/.test(url.protocol) && !['127.0.0.1', 'localhost'].includes(url.hostname);

/**
 * Keeps the tests offline: every request off loopback is answered here by a stand-in page, and
 * remembered, so a test can tell which engine pages the browser asked for.
 */
async function offline(extension: ExtensionBrowser) {
  const asked: string[] = [];
  const answer = (route: Route) => {
    asked.push(route.request().url());
    return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>engine</title>' });
  };
  await extension.context.route(offMachine, answer);
  return { asked, stop: () => extension.context.unroute(offMachine, answer) };
}

/** The popup with its "Add your own engine" form open and the stand-in's name typed in. */
async function engineForm(extension: ExtensionBrowser) {
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  await popup.getByText('Add your own engine').click();
  await popup.getByLabel('Name').fill('Stand-in');
  return popup;
}

/** Completes the form with the stand-in's search address and upload page, adds it, and closes the popup. */
async function addStandIn(popup: Page, engine: { origin: string }) {
  await popup.getByLabel('Search address').fill(`${engine.origin}/search?img={url}`);
  await popup.getByLabel('Upload page (optional)').fill(`${engine.origin}/upload`);
  await popup.getByRole('button', { name: 'Add engine' }).click();
  await expect(popup.getByRole('checkbox', { name: 'Stand-in' })).toBeChecked();
  await popup.close();
}

/** Opens the side panel's Search view on an image, as "Find similar products" on the right-click menu does. */
async function panelSearchingFor(extension: ExtensionBrowser, tab: Page, imageUrl: string) {
  const tabId = await extension.tabIdOf(tab);
  const panel = await extension.openPanelFor(tabId, { viewport: { width: 420, height: 900 } });
  await clickContextMenu(extension, MENU.findSimilar, { srcUrl: imageUrl, pageUrl: tab.url() }, tabId);
  await expect(panel.getByTestId('similar-to')).toBeVisible();
  return panel;
}

const forgetEngineSettings = (extension: ExtensionBrowser) =>
  currentWorker(extension).evaluate(() => chrome.storage.sync.remove(['webSearch', 'webSearch$']));

let net: Awaited<ReturnType<typeof offline>>;
test.beforeEach(async ({ extension, connectExtension }) => {
  await connectExtension();
  await forgetEngineSettings(extension);
  net = await offline(extension);
});
test.afterEach(async ({ extension }) => {
  await net.stop();
  await forgetEngineSettings(extension);
});

test('a public image goes to each engine by its address: from the right-click menu and from the side panel', async ({
  extension,
  site,
}) => {
  const tab = await extension.context.newPage();
  await tab.goto(site.url('shop/product.html'));
  const tabId = await extension.tabIdOf(tab);

  for (const [engineId, expected] of Object.entries(ENGINE_URLS)) {
    const opened = extension.context.waitForEvent('page');
    await clickContextMenu(extension, webSearchItem(engineId), { srcUrl: PUBLIC_IMAGE, pageUrl: tab.url() }, tabId);
    const engineTab = await opened;
    await expect.poll(() => engineTab.url()).toBe(expected);
    await engineTab.close();
  }
  expect(net.asked).toEqual(Object.values(ENGINE_URLS));

  // In the side panel's search, "Search the web" is always there (folded away while the catalogue
  // has not said that nothing is close), and nothing is sent until an engine is pressed.
  const panel = await panelSearchingFor(extension, tab, PUBLIC_IMAGE);
  const webSearch = panel.getByTestId('web-search');
  await expect(webSearch).toHaveAttribute('data-prominent', 'false');
  const askedBefore = net.asked.filter((url) => !url.startsWith('https://cdn.shop-example.com/'));
  await webSearch.locator('summary').click();
  await expectNoSeriousViolations(panel, 'side panel, search the web');
  const opened = extension.context.waitForEvent('page');
  await webSearch.getByRole('button', { name: 'Search the web for this image with TinEye' }).click();
  const engineTab = await opened;
  await expect.poll(() => engineTab.url()).toBe(ENGINE_URLS.tineye);
  await expect(panel.getByTestId('web-search-progress')).toHaveText('Opened TinEye with the image’s address.');
  expect(net.asked.filter((url) => !url.startsWith('https://cdn.shop-example.com/'))).toEqual([
    ...askedBefore,
    ENGINE_URLS.tineye,
  ]);
  await engineTab.close();

  // An engine switched off in the popup is no longer offered.
  const popup = await extension.context.newPage();
  await popup.goto(extension.pageUrl('popup.html'));
  await popup.getByRole('checkbox', { name: 'Yandex' }).uncheck();
  await expect(webSearch.getByRole('button', { name: /with Yandex$/ })).toHaveCount(0);
  await expect(webSearch.getByRole('button', { name: /with Google Lens$/ })).toBeVisible();
  await popup.close();
  await panel.close();
  await tab.close();
});

test('an image only the browser can see is uploaded to the engine’s own page, set up as a person’s own engine in the popup', async ({
  extension,
  site,
}) => {
  const engine = await standInEngine();
  try {
    // The person adds the engine in the popup: a search address with {url}, and its upload page.
    const popup = await engineForm(extension);
    await popup.getByLabel('Search address').fill(`${engine.origin}/search`);
    await popup.getByRole('button', { name: 'Add engine' }).click();
    await expect(popup.getByRole('alert')).toContainText('with {url} where the image’s address goes');
    await expectNoSeriousViolations(popup, 'popup, add an engine');
    await addStandIn(popup, engine);

    const tab = await extension.context.newPage();
    await tab.goto(site.url('shop/product.html'));
    const image = site.url('shop/img/hero.png');
    const bytes = readFileSync(LOCAL_IMAGE);
    const expected = {
      name: 'hero.png',
      type: 'image/png',
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
    };

    // From the side panel: the upload page opens in a new tab and its file field gets the image.
    const panel = await panelSearchingFor(extension, tab, image);
    const webSearch = panel.getByTestId('web-search');
    await webSearch.locator('summary').click();
    const opened = extension.context.waitForEvent('page');
    await webSearch.getByRole('button', { name: 'Search the web for this image with Stand-in' }).click();
    const uploadTab = await opened;
    await expect.poll(() => engine.received).toEqual([expected]);
    expect(uploadTab.url()).toBe(`${engine.origin}/upload`);
    await expect(panel.getByTestId('web-search-progress')).toHaveText('Gave the image to Stand-in’s upload page.');
    await uploadTab.close();

    // From the right-click menu: the same, with the engine the popup added.
    const customId = await currentWorker(extension).evaluate(
      async () =>
        ((await chrome.storage.sync.get('webSearch')).webSearch as { custom: { id: string }[] }).custom[0]!.id,
    );
    const openedAgain = extension.context.waitForEvent('page');
    await clickContextMenu(
      extension,
      webSearchItem(customId),
      { srcUrl: image, pageUrl: tab.url() },
      await extension.tabIdOf(tab),
    );
    await (await openedAgain).waitForLoadState();
    await expect.poll(() => engine.received).toEqual([expected, expected]);
    // No engine on the internet was asked for anything.
    expect(net.asked.filter((url) => !url.startsWith('https://cdn.'))).toEqual([]);
    await panel.close();
    await tab.close();
  } finally {
    await engine.stop();
  }
});

test('the part of an image in the box goes to the engine as a picture of its own', async ({ extension, site }) => {
  const engine = await standInEngine();
  try {
    await addStandIn(await engineForm(extension), engine);

    const tab = await extension.context.newPage();
    await tab.goto(site.url('shop/product.html'));
    const panel = await panelSearchingFor(extension, tab, site.url('shop/img/hero.png'));
    // The person marks a part (the box starts in the centre) and searches with it.
    const similarTo = panel.getByTestId('similar-to');
    await similarTo.getByRole('button', { name: 'Search a part' }).click();
    await similarTo.getByRole('button', { name: 'Find similar' }).click();
    const webSearch = panel.getByTestId('web-search');
    await webSearch.locator('summary').click();
    await expect(webSearch).toContainText('the part of this image in the box');
    const opened = extension.context.waitForEvent('page');
    await webSearch.getByRole('button', { name: 'Search the web for the part in the box with Stand-in' }).click();
    const uploadTab = await opened;
    await expect.poll(() => engine.received.length).toBe(1);
    await expect(panel.getByTestId('web-search-progress')).toHaveText(
      'Gave the part in the box to Stand-in’s upload page.',
    );

    // The engine got the centre box's pixels (60 % of each side of the 1200 × 400 PNG) as a PNG of their own.
    expect(engine.received[0]).toMatchObject({ name: 'hero-part.png', type: 'image/png' });
    await expectCentrePart(engine.bodies[0]!, LOCAL_IMAGE);
    expect(net.asked.filter((url) => !url.startsWith('https://cdn.'))).toEqual([]);
    await uploadTab.close();
    await panel.close();

    // A part of an image Loupe cannot cut: a readable error in the panel, and no tab opens.
    const refusedPart = async (imagePath: string, error: string) => {
      const refusedPanel = await panelSearchingFor(extension, tab, site.url(imagePath));
      await refusedPanel.getByTestId('similar-to').getByRole('button', { name: 'Search a part' }).click();
      await refusedPanel.getByTestId('similar-to').getByRole('button', { name: 'Find similar' }).click();
      const refusedSearch = refusedPanel.getByTestId('web-search');
      await refusedSearch.locator('summary').click();
      const pagesBefore = extension.context.pages().length;
      await refusedSearch.getByRole('button', { name: 'Search the web for the part in the box with Stand-in' }).click();
      await expect(refusedPanel.getByTestId('web-search-progress')).toContainText(error);
      expect(extension.context.pages()).toHaveLength(pagesBefore);
      expect(engine.received).toHaveLength(1);
      // The catalogue search the box started ends before the backend stops.
      await expect(refusedPanel.getByTestId('search-pending')).toHaveCount(0, { timeout: 30_000 });
      await refusedPanel.close();
    };
    // An SVG drawing has no pixels to cut outside a page.
    await refusedPart('shop/img/icon-heart.svg', 'Loupe could not cut the part out of this image');
    // A 26 kB PNG that declares 10,240 × 10,240 pixels (it would decode into 400 MB): refused by its
    // header, before any decoding, in words that say why.
    await refusedPart(
      'shop/img/huge-canvas.png',
      'This image is too large to cut a part from (10,240 × 10,240 pixels; Loupe cuts from at most 100 megapixels)',
    );
    await tab.close();
  } finally {
    await engine.stop();
  }
});

test.describe('when the catalogue has nothing close', () => {
  test.skip(!haveFixtures, fixturesSkipReason);

  test('"Search the web" is offered up front', async ({ extension, connectExtension, site }) => {
    test.setTimeout(120_000);
    // A backend that can embed images, and an empty catalogue: nothing is close to anything.
    const backend = await startBackendWithModel('web-search');
    try {
      await connectExtension(backend);
      const tab = await extension.context.newPage();
      await tab.goto(site.url('shop/product.html'));
      const panel = await panelSearchingFor(extension, tab, site.url('shop/img/hero.png'));
      const webSearch = panel.getByTestId('web-search');
      await expect(webSearch).toHaveAttribute('data-prominent', 'true', { timeout: 30_000 });
      await expect(webSearch.getByRole('heading', { name: 'Search the web for it instead' })).toBeVisible();
      for (const name of ['Google Lens', 'Bing Visual Search', 'TinEye', 'Yandex'])
        await expect(
          webSearch.getByRole('button', { name: `Search the web for this image with ${name}` }),
        ).toBeVisible();
      await expectNoSeriousViolations(panel, 'side panel, nothing close: search the web');
      await captureScreenshot(panel, 'sidepanel-web-search');
      await panel.close();
      await tab.close();
    } finally {
      await backend.stop();
    }
  });
});
