import '@/utils/zod-jitless';
import { defineBackground } from '#imports';
import { browser } from 'wxt/browser';
import { ownIdentity } from '@/utils/messaging';
import { backgroundProtocol } from '@/utils/messaging/background-protocol';
import { createReceiver } from '@/utils/messaging/receiver';
import { tabStatus } from './tab-status';

export default defineBackground(() => {
  const receive = createReceiver(backgroundProtocol, { 'tab/status': tabStatus }, ownIdentity());
  browser.runtime.onMessage.addListener(receive);
});
