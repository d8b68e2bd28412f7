import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/**
 * Screenshots of what people see. Every run writes them to .tmp/screenshots
 * (CI keeps them as artifacts); with LOUPE_UPDATE_SCREENSHOTS=1 they also
 * replace the ones the README shows, in tests/e2e/screenshots.
 */
export async function captureScreenshot(page: Page, name: string, { colorScheme = 'light' as 'light' | 'dark' } = {}) {
  await page.emulateMedia({ colorScheme });
  const file = `${name}-${colorScheme}.png`;
  const targets = [path.resolve('.tmp/screenshots', file)];
  if (process.env.LOUPE_UPDATE_SCREENSHOTS === '1') targets.push(path.resolve('tests/e2e/screenshots', file));
  for (const target of targets) {
    mkdirSync(path.dirname(target), { recursive: true });
    await page.screenshot({ path: target, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}
