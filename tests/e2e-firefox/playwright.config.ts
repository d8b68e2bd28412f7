import { defineConfig } from '@playwright/test';

// End-to-end tests of the Firefox build (MV2, sidebar_action) in Debian's Firefox ESR, driven
// over Marionette (see harness/firefox.ts), against the real backend on loopback. Playwright is
// only the test runner here: its own Firefox cannot be downloaded, and WebDriver BiDi cannot
// reach extension pages, so no Playwright browser is launched.
export default defineConfig({
  testDir: '.',
  globalSetup: './global-setup.ts',
  outputDir: '../../.tmp/test-results-firefox',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: 'list',
});
