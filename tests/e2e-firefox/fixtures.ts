import { test as base } from '@playwright/test';
import { type Backend, startBackend } from '../e2e/harness/backend';
import { type StaticServer, startStaticServer } from '../e2e/harness/static-server';
import { type ExtensionFirefox, launchExtensionFirefox } from './harness/firefox';
import type { Marionette } from './harness/marionette';

/**
 * Loupe in one Firefox, as the tests drive it. Window 1 has the tab the tests
 * browse in (`tab`) and, once opened, the real sidebar, which follows that
 * window's selected tab. Window 2 holds an extension page (`inExtension`): with
 * the extension's own privileges it reads the sidebar's document (through
 * `browser.extension.getViews`), the add-on's storage and its toolbar badge,
 * without ever becoming the tab the sidebar shows.
 */
export interface LoupeInFirefox extends ExtensionFirefox {
  /** Marionette, aimed at the browsing tab of window 1. */
  tab: Marionette;
  /** Runs `script` (a function body, may `await`; `arguments` holds `args`) in an extension page. */
  inExtension<T>(script: string, args?: unknown[]): Promise<T>;
  /** Runs `script` in the real sidebar's window (`view`), or returns null while the sidebar shows nothing. */
  inSidebar<T>(script: string, args?: unknown[]): Promise<T | null>;
  /** Opens the extension's sidebar in window 1, as its toolbar button or Alt+Shift+L would. */
  openSidebar(): Promise<void>;
  /** The browser's id of the browsing tab. */
  tabId(): Promise<number>;
}

interface WorkerFixtures {
  started: { backend: Backend; firefox: LoupeInFirefox };
  backend: Backend;
  site: StaticServer;
  firefox: LoupeInFirefox;
}
interface TestFixtures {
  /** On a failure, prints what Firefox printed during the test (page and extension consoles included). */
  firefoxOutputOnFailure: void;
  /** Points the extension at a backend (the worker's by default) and forgets earlier board choices. */
  connectExtension: (backend?: Backend) => Promise<void>;
}

async function driveLoupe(firefox: ExtensionFirefox): Promise<LoupeInFirefox> {
  const m = firefox.marionette;
  const tabHandle = await m.windowHandle();
  const probe = (await m.send<{ handle: string }>('WebDriver:NewWindow', { type: 'window' })).handle;
  await m.switchTo(probe);
  await m.navigate(firefox.pageUrl('popup.html'));
  await m.switchTo(tabHandle);

  /** Runs something aimed elsewhere, then aims Marionette back at the browsing tab. */
  const elsewhere = async <T>(aim: () => Promise<unknown>, run: () => Promise<T>) => {
    await aim();
    try {
      return await run();
    } finally {
      await m.setContext('content');
      await m.switchTo(tabHandle);
    }
  };
  const inExtension = <T>(script: string, args: unknown[] = []) =>
    elsewhere(
      () => m.switchTo(probe, { focus: false }),
      () => m.execute<T>(`return (async () => { ${script} })(...arguments);`, args),
    );

  return {
    ...firefox,
    tab: m,
    inExtension,
    inSidebar: <T>(script: string, args: unknown[] = []) =>
      inExtension<T | null>(
        `const [view] = browser.extension.getViews({ type: 'sidebar' });
         if (!view || view.document.readyState !== 'complete') return null;
         return (async (view) => { ${script} })(view, ...arguments);`,
        args,
      ),
    openSidebar: () =>
      elsewhere(
        () => m.setContext('chrome'),
        () => m.execute(`SidebarController.show(arguments[0]);`, [firefox.sidebarId]),
      ).then(() => undefined),
    async tabId() {
      const url = await m.send<{ value: string }>('WebDriver:GetCurrentURL');
      return inExtension<number>(
        `const tab = (await browser.tabs.query({})).find((t) => t.url === arguments[0]);
         if (!tab) throw new Error('no tab shows ' + arguments[0]);
         return tab.id;`,
        [url.value],
      );
    },
  };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  // The backend and Firefox start side by side: each takes seconds, and neither needs the other yet.
  started: [
    async ({}, use) => {
      const [backend, firefox] = await Promise.allSettled([
        startBackend({ user: 'firefox' }),
        launchExtensionFirefox(),
      ]);
      try {
        if (backend.status === 'rejected') throw backend.reason;
        if (firefox.status === 'rejected') throw firefox.reason;
        await use({ backend: backend.value, firefox: await driveLoupe(firefox.value) });
      } finally {
        if (firefox.status === 'fulfilled') await firefox.value.close();
        if (backend.status === 'fulfilled') await backend.value.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],
  backend: [async ({ started }, use) => use(started.backend), { scope: 'worker' }],
  site: [
    async ({}, use) => {
      const site = await startStaticServer();
      await use(site);
      await site.stop();
    },
    { scope: 'worker' },
  ],
  firefox: [async ({ started }, use) => use(started.firefox), { scope: 'worker' }],
  firefoxOutputOnFailure: [
    async ({ firefox }, use, testInfo) => {
      const from = firefox.output().length;
      await use();
      if (testInfo.status !== testInfo.expectedStatus)
        console.error(`Firefox printed during the test:\n${firefox.output().slice(from).slice(-6000)}`);
    },
    { auto: true },
  ],
  connectExtension: async ({ firefox, backend }, use) => {
    await use(async (target = backend) => {
      await firefox.inExtension(
        // As in Chromium's fixture: a returning user, who has answered the captured-products question.
        `await browser.storage.sync.set({ backendUrl: arguments[0], capturedProductsAsked: true });
         await browser.storage.local.set({ apiToken: arguments[1], lastBoard: null, saveQueue: [] });`,
        [target.url, target.token],
      );
    });
  },
});

export { expect } from '@playwright/test';
