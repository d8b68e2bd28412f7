import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { backgroundProtocol } from '../../protocols/background-protocol';
import { PageImagesReportSchema } from '../../page-scan/wire/page-report';
import { contentProtocol } from '../../protocols/content-protocol';
import { message, type Protocol } from './protocol';
import { createRateLimit, refuseBeyondRate } from './rate-limit';
import { createReceiver, type Handlers, type Sender } from './receiver';
import { createSender, MessageError } from './sender';
import { integer, object, string } from './tiny-validators';

const identity = { extensionId: 'loupe-id', extensionOrigin: 'chrome-extension://loupe-id/' };
const fromSidePanel: Sender = { id: 'loupe-id', url: 'chrome-extension://loupe-id/sidepanel.html', tab: { id: 3 } };
const fromContentScript: Sender = { id: 'loupe-id', url: 'https://shop.example/item', tab: { id: 7 }, frameId: 0 };
const fromOtherExtension: Sender = { id: 'someone-else', url: 'chrome-extension://someone-else/page.html' };

const testProtocol = {
  'boards/rename': message<{ renamed: boolean }>()({
    from: ['extension'],
    request: z.strictObject({ id: z.uuid(), name: z.string().min(1) }),
  }),
  'page/seen': message()({ from: ['content', 'extension'], request: object({ url: string(), count: integer() }) }),
};

function setup() {
  const handlers = {
    'boards/rename': vi.fn(async () => ({ renamed: true })),
    'page/seen': vi.fn(() => undefined),
  };
  return { handlers, receive: createReceiver(testProtocol, handlers, identity) };
}

const envelope = (type: string, payload: unknown) => ({ loupe: 1, type, payload });
const boardId = '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11';

describe('message receiver', () => {
  it('routes a valid message to its typed handler and replies with the value', async () => {
    const { handlers, receive } = setup();
    expect(await receive(envelope('boards/rename', { id: boardId, name: 'Lamps' }), fromSidePanel)).toEqual({
      ok: true,
      value: { renamed: true },
    });
    expect(handlers['boards/rename']).toHaveBeenCalledWith({ id: boardId, name: 'Lamps' }, fromSidePanel);
  });

  it('ignores messages that are not Loupe envelopes, so other listeners can answer them', () => {
    const { receive } = setup();
    expect(receive({ type: 'boards/rename' }, fromSidePanel)).toBeUndefined();
    expect(receive('boards/rename', fromSidePanel)).toBeUndefined();
    expect(receive(null, fromSidePanel)).toBeUndefined();
  });

  it('rejects unknown types, including prototype keys', async () => {
    const { receive } = setup();
    expect(await receive(envelope('boards/delete-all', {}), fromSidePanel)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Unknown message type/),
    });
    expect(await receive(envelope('constructor', {}), fromSidePanel)).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Unknown message type/),
    });
  });

  it('rejects malformed payloads without calling the handler', async () => {
    const { handlers, receive } = setup();
    for (const payload of [
      undefined,
      null,
      'x',
      { id: 'not-a-uuid', name: 'A' },
      { id: boardId, name: '' },
      { id: boardId, name: 'A', extra: 1 },
    ]) {
      expect(await receive(envelope('boards/rename', payload), fromSidePanel)).toMatchObject({ ok: false });
    }
    for (const payload of [
      { url: 5, count: 1 },
      { url: 'x', count: 1.5 },
      { url: 'x', count: 1, __proto__: { evil: 1 }, more: 2 },
      [],
    ]) {
      expect(await receive(envelope('page/seen', payload), fromContentScript)).toMatchObject({ ok: false });
    }
    expect(handlers['boards/rename']).not.toHaveBeenCalled();
    expect(handlers['page/seen']).not.toHaveBeenCalled();
  });

  it('refuses privileged messages from content scripts, and everything from other extensions', async () => {
    const { handlers, receive } = setup();
    expect(
      await receive(envelope('boards/rename', { id: boardId, name: 'Mine now' }), fromContentScript),
    ).toMatchObject({ ok: false, error: expect.stringMatching(/not accepted from this sender/) });
    expect(await receive(envelope('page/seen', { url: 'x', count: 1 }), fromOtherExtension)).toMatchObject({
      ok: false,
    });
    expect(await receive(envelope('page/seen', { url: 'x', count: 1 }), fromContentScript)).toEqual({
      ok: true,
      value: undefined,
    });
    expect(handlers['boards/rename']).not.toHaveBeenCalled();
  });

  it('refuses content messages beyond the admitted rate, without calling the handler', async () => {
    const handlers = { 'boards/rename': vi.fn(async () => ({ renamed: true })), 'page/seen': vi.fn(() => undefined) };
    const admit = createRateLimit({ perSecond: 1, burst: 2, now: () => 0 });
    const receive = createReceiver(testProtocol, handlers, identity, { refuse: refuseBeyondRate(admit) });
    const seen = () => receive(envelope('page/seen', { url: 'x', count: 1 }), fromContentScript);
    expect([await seen(), await seen()]).toEqual([
      { ok: true, value: undefined },
      { ok: true, value: undefined },
    ]);
    expect(await seen()).toMatchObject({ ok: false, error: expect.stringMatching(/Too many messages/) });
    expect(handlers['page/seen']).toHaveBeenCalledTimes(2);
    // Extension pages are not limited.
    expect(await receive(envelope('page/seen', { url: 'x', count: 1 }), fromSidePanel)).toEqual({
      ok: true,
      value: undefined,
    });
  });

  it('turns a handler failure into an error reply instead of throwing across the boundary', async () => {
    const receive = createReceiver(
      testProtocol,
      { 'boards/rename': async () => Promise.reject(new Error('backend down')), 'page/seen': () => undefined },
      identity,
    );
    expect(await receive(envelope('boards/rename', { id: boardId, name: 'A' }), fromSidePanel)).toEqual({
      ok: false,
      error: 'backend down',
    });
  });
});

describe('message sender', () => {
  it('unwraps replies and raises error replies as MessageError', async () => {
    const { receive } = setup();
    const send = createSender<typeof testProtocol>(async (env) => receive(env, fromSidePanel));
    expect(await send('boards/rename', { id: boardId, name: 'Chairs' })).toEqual({ renamed: true });
    await expect(send('boards/rename', { id: 'nope', name: 'Chairs' })).rejects.toBeInstanceOf(MessageError);
    const silent = createSender<typeof testProtocol>(async () => undefined);
    await expect(silent('page/seen', { url: 'x', count: 1 })).rejects.toThrow(/No Loupe receiver/);
  });
});

/** Handlers for every message of a protocol that refuse: tests override the ones they exercise. */
const allRefused = <P extends Protocol>(protocol: P) =>
  Object.fromEntries(
    Object.keys(protocol).map((type) => [type, async () => Promise.reject(new Error(`${type} is not under test`))]),
  ) as unknown as Handlers<P>;

describe('Loupe protocols', () => {
  it('content scripts cannot ask the background about tabs', async () => {
    const receive = createReceiver(
      backgroundProtocol,
      {
        ...allRefused(backgroundProtocol),
        'tab/status': async ({ tabId }) => ({ tabId, contentScript: 'alive' as const }),
      },
      identity,
    );
    expect(await receive(envelope('tab/status', { tabId: 7 }), fromContentScript)).toMatchObject({ ok: false });
    expect(await receive(envelope('tab/status', { tabId: -1 }), fromSidePanel)).toMatchObject({ ok: false });
    expect(await receive(envelope('tab/status', { tabId: 7 }), fromSidePanel)).toEqual({
      ok: true,
      value: { tabId: 7, contentScript: 'alive' },
    });
  });

  it('the content script ping accepts only an empty object', async () => {
    const receive = createReceiver(
      contentProtocol,
      { ...allRefused(contentProtocol), 'content/ping': () => ({ url: 'https://a.example/', isTopFrame: true }) },
      identity,
    );
    const fromBackground: Sender = { id: 'loupe-id', url: 'chrome-extension://loupe-id/background.js' };
    expect(await receive(envelope('content/ping', {}), fromBackground)).toMatchObject({ ok: true });
    for (const payload of [{ x: 1 }, null, [], 'ping', 1])
      expect(await receive(envelope('content/ping', payload), fromBackground)).toEqual({
        ok: false,
        error: 'message must be an empty object',
      });
    expect(await receive(envelope('content/ping', {}), fromContentScript)).toMatchObject({ ok: false });
  });
});

describe('untrusted content-script messages', () => {
  const image = { imageUrl: 'https://cdn.example/lamp.jpg', pageUrl: 'https://shop.example/lamp', pageTitle: 'Lamp' };
  const receive = createReceiver(
    backgroundProtocol,
    { ...allRefused(backgroundProtocol), 'save/quick': async () => ({ saveId: 'x', boardName: 'Saved' }) },
    identity,
  );

  it('lets a content script ask for a quick save of a well-formed image', async () => {
    expect(await receive(envelope('save/quick', image), fromContentScript)).toEqual({
      ok: true,
      value: { saveId: 'x', boardName: 'Saved' },
    });
  });

  it('refuses script URLs, oversized strings, unknown fields and saves to a chosen board', async () => {
    for (const payload of [
      { ...image, imageUrl: 'javascript:alert(1)' },
      { ...image, imageUrl: `https://x.example/${'a'.repeat(5000)}` },
      { ...image, pageTitle: 'x'.repeat(600) },
      { ...image, boardId: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11' },
      { ...image, product: { name: 'x', price: 'free' } },
    ]) {
      expect(await receive(envelope('save/quick', payload), fromContentScript)).toMatchObject({ ok: false });
    }
    expect(
      await receive(
        envelope('save/to-board', { image, board: { id: '6f1c1a7e-3a6b-4a43-9a7e-2f3b1c9d0e11', name: 'Mine' } }),
        fromContentScript,
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not accepted from this sender/),
    });
  });

  it('bounds page reports', async () => {
    const record = ['https://cdn.example/a.jpg', 'img', 400, 300, 400, 300, '', null, 'main', 0];
    const report = (upserted: unknown[]) =>
      envelope('page/images', { frameUrl: 'https://shop.example/', reset: true, upserted, removed: [] });
    expect(
      PageImagesReportSchema.safeParse(report([record, [...record, 1, 'image-nopin', 'Ask first']]).payload).success,
    ).toBe(true);
    expect(
      await receive(report([record.with(6, '<img src=x onerror=alert(1)>'.repeat(20))]), fromContentScript),
    ).toMatchObject({ ok: false });
    expect(await receive(report([record.with(1, 'iframe')]), fromContentScript)).toMatchObject({ ok: false });
    expect(await receive(report([record.with(0, 'javascript:alert(1)')]), fromContentScript)).toMatchObject({
      ok: false,
    });
    expect(await receive(report([[...record, 0, 'no-reason', null]]), fromContentScript)).toMatchObject({ ok: false });
    // A path needs the frame's origin to be whole again: a frame URL that does not parse is refused.
    expect(
      await receive(
        envelope('page/images', {
          frameUrl: 'not a url',
          reset: true,
          upserted: [record.with(0, '/a.jpg')],
          removed: [],
        }),
        fromContentScript,
      ),
    ).toEqual({ ok: false, error: expect.stringMatching(/frameUrl must be a URL/) });
    expect(await receive(report([[...record, 0]]), fromContentScript)).toMatchObject({ ok: false });
    expect(await receive(report(Array.from({ length: 5001 }, () => record)), fromContentScript)).toMatchObject({
      ok: false,
    });
  });
});
