import { browser } from '@wxt-dev/browser';
import { envelope, type Protocol, type Reply, type RequestOf, type ResponseOf } from './protocol';
import type { Sender } from './receiver';
import type { GeneratedI18nStructure } from '#i18n';

/**
 * The extension APIs the content script uses, without webextension-polyfill.
 * The polyfill is most of a 15 kB budget for a script that runs in every
 * frame of every page, and the few calls made here behave the same natively
 * in Chrome (MV3 promises) and Firefox: sending a message, reading synced
 * settings, and answering messages (with `sendResponse`, which both support;
 * Chrome does not take a promise returned from a listener).
 */
export const extension = browser;

/**
 * A sender of the background's messages, checked against its protocol at compile time (the protocol
 * comes in as a type only, so none of its schemas is bundled here). It answers with the reply itself,
 * never throwing: a page outliving its extension (update, reload) gets `ok: false` and stays quiet.
 */
export function backgroundSender<P extends Protocol>() {
  return <K extends keyof P & string>(type: K, payload: RequestOf<P[K]>): Promise<Reply<ResponseOf<P[K]>>> =>
    browser.runtime.sendMessage(envelope(type, payload)).then(
      // Nobody answered (the worker is gone): an empty error, for the caller to say so in its words.
      (reply) => (reply as Reply<ResponseOf<P[K]>> | undefined) ?? { ok: false, error: '' },
      (error: unknown) => ({ ok: false, error: String(error) }),
    );
}

/** Who "this extension" is, for the receiver deciding whether to trust a sender. */
export const ownIdentity = () => ({ extensionId: browser.runtime.id, extensionOrigin: browser.runtime.getURL('/') });

type Receive = (message: unknown, sender: Sender) => Promise<unknown> | undefined;

/** Adds a message listener answering with `receive`'s promise; returns the remover. */
export function onMessage(receive: Receive): () => void {
  const listener = (message: unknown, sender: Sender, sendResponse: (response: unknown) => void) => {
    const reply = receive(message, sender);
    if (!reply) return false;
    void reply.then(sendResponse);
    return true; // keeps the channel open for the asynchronous answer
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

/** Keys without plural forms, and how many substitutions each takes (WXT generates the list from locales/en.yml). */
type SimpleKey<N extends number> = {
  [K in keyof GeneratedI18nStructure]: GeneratedI18nStructure[K] extends { plural: false; substitutions: N }
    ? K
    : never;
}[keyof GeneratedI18nStructure];

/**
 * The content script's words, straight from `browser.i18n` (the same messages
 * `#i18n` reads, without its plural and named-substitution code: a few hundred
 * bytes of the budget). Keys are checked against locales/en.yml like `#i18n`'s.
 */
export const i18n = {
  t: ((key: string, substitutions?: string[]) => browser.i18n.getMessage(key.replaceAll('.', '_'), substitutions)) as {
    (key: SimpleKey<0>): string;
    (key: SimpleKey<1>, substitutions: [string]): string;
  },
};
