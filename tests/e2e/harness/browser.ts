import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from '@playwright/test';

export const extensionDir = path.resolve('.output/chrome-mv3');

/** A side panel's size: Chrome's sits beside the page at about 420 px wide (a tab would be far wider). */
export const SIDE_PANEL_VIEWPORT = { width: 420, height: 900 };

/** Chrome derives an extension's id from its public key: the first 32 hex digits of its SHA-256, spelled a–p. */
export function extensionIdFromKey(base64Key: string): string {
  const digest = createHash('sha256').update(Buffer.from(base64Key, 'base64')).digest('hex').slice(0, 32);
  return [...digest].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

export interface ExtensionBrowser {
  context: BrowserContext;
  id: string;
  serviceWorker: Worker;
  /** A page of the extension, e.g. `popup.html` or `sidepanel.html?tabId=3`. */
  pageUrl(page: string): string;
  /** The browser's tab id of a Playwright page (for `sidepanel.html?tabId=`). */
  tabIdOf(page: Page): Promise<number>;
  /**
   * The side panel for a tab (a page, or its tab id), opened in a tab of its own as the tests drive it;
   * `viewport` sizes it before it loads (a real side panel is about 420 px wide).
   */
  openPanelFor(tab: Page | number, options?: { viewport?: { width: number; height: number } }): Promise<Page>;
  close(): Promise<void>;
}

/** Launches Debian's Chromium (or CHROME_PATH) headless with the built extension loaded. */
export async function launchExtensionBrowser(): Promise<ExtensionBrowser> {
  const profile = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const id = new URL(serviceWorker.url()).host;

  const manifest = JSON.parse(readFileSync(path.join(extensionDir, 'manifest.json'), 'utf8')) as { key?: string };
  if (!manifest.key || extensionIdFromKey(manifest.key) !== id)
    throw new Error(`the extension id ${id} is not the one its pinned key gives`);

  const pageUrl = (page: string) => `chrome-extension://${id}/${page}`;
  const tabIdOf = async (page: Page) => {
    // Bring the page to the front and ask for the active tab: this works for every URL,
    // including those (about:blank, chrome://) whose address the tabs API does not reveal.
    await page.bringToFront();
    const worker =
      context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${id}/`)) ?? serviceWorker;
    const tabId = await worker.evaluate(
      async () => (await chrome.tabs.query({ active: true, lastFocusedWindow: true }))[0]?.id,
    );
    if (tabId === undefined) throw new Error(`no tab shows ${page.url()}`);
    return tabId;
  };

  return {
    context,
    id,
    serviceWorker,
    pageUrl,
    tabIdOf,
    async openPanelFor(tab, { viewport } = {}) {
      const panel = await context.newPage();
      if (viewport) await panel.setViewportSize(viewport);
      // The tab id after the panel's page opens: asking brings the tab back to the front, as a person would see it.
      const tabId = typeof tab === 'number' ? tab : await tabIdOf(tab);
      await panel.goto(pageUrl(`sidepanel.html?tabId=${tabId}`));
      return panel;
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
