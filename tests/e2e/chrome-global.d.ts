import type { Browser } from '@wxt-dev/browser';

// Code passed to `serviceWorker.evaluate` runs inside the extension, where `chrome` is global.
declare global {
  const chrome: typeof Browser;
}
