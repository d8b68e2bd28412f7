import { test as base, type Page } from '@playwright/test';
import { type Backend, startBackend } from './harness/backend';
import { type ExtensionBrowser, launchExtensionBrowser } from './harness/browser';
import { type StaticServer, startStaticServer } from './harness/static-server';

/**
 * What every end-to-end test gets. One backend, one static site and one
 * browser per worker (starting them is the slow part); a fresh page per test.
 */
interface WorkerFixtures {
  backend: Backend;
  site: StaticServer;
  extension: ExtensionBrowser;
}
interface TestFixtures {
  /** Clears the side panel's pending intent before each test (automatic). */
  forgetPanelIntent: void;
  /** A new tab in the browser that has Loupe loaded. */
  page: Page;
  /** Points the extension at a backend (the worker's by default), as the popup would, and forgets earlier saves, boards and right-click intents. */
  connectExtension: (backend?: Backend) => Promise<void>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  backend: [
    async ({}, use) => {
      const backend = await startBackend();
      await use(backend);
      await backend.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  site: [
    async ({}, use) => {
      const site = await startStaticServer();
      await use(site);
      await site.stop();
    },
    { scope: 'worker' },
  ],
  extension: [
    async ({}, use) => {
      const extension = await launchExtensionBrowser();
      await use(extension);
      await extension.close();
    },
    { scope: 'worker', timeout: 60_000 },
  ],
  // No test inherits another's right-click intent (a "Find similar" would open the next test's panel on Search).
  forgetPanelIntent: [
    async ({ extension }, use) => {
      await extension.serviceWorker.evaluate(() => chrome.storage.session.set({ panelIntent: null }));
      await use();
    },
    { auto: true },
  ],
  page: async ({ extension }, use) => {
    const page = await extension.context.newPage();
    await use(page);
    await page.close();
  },
  connectExtension: async ({ extension, backend }, use) => {
    await use(async (target = backend) => {
      await extension.serviceWorker.evaluate(
        async ({ url, token }) => {
          // The side panel's one-time question about captured products is answered, so that other
          // tests see the panel as a returning user does (captured-question.spec.ts asks it afresh).
          await chrome.storage.sync.set({ backendUrl: url, capturedProductsAsked: true });
          await chrome.storage.local.set({ apiToken: token, lastBoard: null, saveQueue: [] });
          await chrome.storage.session.set({ panelIntent: null });
        },
        { url: target.url, token: target.token },
      );
    });
  },
});

export { expect } from '@playwright/test';
