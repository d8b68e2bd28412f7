import { browser } from 'wxt/browser';
import type { BackgroundProtocol } from './background-protocol';
import type { ContentProtocol } from './content-protocol';
import type { Envelope } from '../lib/messaging/protocol';
import { createSender } from '../lib/messaging/sender';

/** Sends a message to the background service worker. */
export const sendToBackground = createSender<BackgroundProtocol>((envelope: Envelope) =>
  browser.runtime.sendMessage(envelope),
);

/** Sends a message to the content script in a tab's top frame, or in `frameId`, or with `allFrames` to every frame (the first answer wins). */
export const sendToTab = (tabId: number, { allFrames = false, frameId = 0 } = {}) =>
  createSender<ContentProtocol>((envelope: Envelope) =>
    browser.tabs.sendMessage(tabId, envelope, allFrames ? {} : { frameId }),
  );

/** Who "this extension" is, for receivers deciding whether to trust a sender. */
export const ownIdentity = () => ({ extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') });
