import { defineConfig } from '@playwright/test';

// End-to-end tests: the built extension in Debian's Chromium against the real
// backend on loopback. See tests/e2e/fixtures.ts for what each test gets.
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: '.tmp/test-results',
  // Each worker runs its own backend and browser; two cores fit one of each comfortably.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { outputFolder: '.tmp/playwright-report', open: 'never' }]] : 'list',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
