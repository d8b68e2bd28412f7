import { defineContentScript } from '#imports';
import { browser } from 'wxt/browser';
import { ownIdentity } from '@/utils/messaging';
import { contentProtocol } from '@/utils/messaging/content-protocol';
import { createReceiver } from '@/utils/messaging/receiver';

// Runs in every frame of every page: keep it small (no React, no zod) and quiet.
export default defineContentScript({
  matches: ['<all_urls>'],
  allFrames: true,
  runAt: 'document_idle',
  main(ctx) {
    const receive = createReceiver(
      contentProtocol,
      { 'content/ping': () => ({ url: location.href, isTopFrame: window === window.top }) },
      ownIdentity(),
    );
    browser.runtime.onMessage.addListener(receive);
    // When the extension reloads or updates, this script's context dies: stop answering for it.
    ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(receive));
  },
});
