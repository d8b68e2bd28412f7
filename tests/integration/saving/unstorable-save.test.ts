import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../server/testing/test-app';
import { BoardSchema } from '../../../utils/contract';
import { createApiClient } from '../../../utils/lib/api-client/index';
import { createSaveQueue, type QueuedSave } from '../../../utils/saving/save-queue';

// A save the server will never take (a page handed it a NUL; its image is on a private address)
// must not be retried for ever: the server refuses it with a 4xx naming the field, and the queue
// shows it failed, with that reason, until the person discards it. The real client against the real
// app, so the status is the server's.
describe('a save the server refuses for good', () => {
  let t: TestApp;
  let token: string;
  let boardId: string;
  let requests = 0;
  const viaApp: typeof fetch = async (input, init) => {
    requests++;
    return t.app.request(String(input), init);
  };

  beforeAll(async () => {
    t = await createTestApp();
    ({ token } = await t.users.create('nul'));
    const client = createApiClient({ baseUrl: 'http://loupe.test', token, fetch: viaApp });
    boardId = BoardSchema.parse(await client.createBoard({ name: 'Finds' })).id;
  });
  afterAll(() => t.close());

  it.each([
    {
      refused: 'text it cannot store (400)',
      pin: { imageUrl: 'https://img.invalid/lamp.jpg', altText: 'brass\u0000lamp', note: 'from a page' },
      reason: 'altText',
    },
    {
      refused: 'an image on a private address (422)',
      pin: { imageUrl: 'http://192.168.1.20/lamp.jpg', note: 'from a page' },
      reason: 'Refused (private or reserved address): imageUrl',
    },
  ])('$refused: is shown failed with the reason, is not sent again, and can be discarded', async ({ pin, reason }) => {
    let items: QueuedSave[] = [];
    const client = createApiClient({ baseUrl: 'http://loupe.test', token, fetch: viaApp });
    const queue = createSaveQueue({
      store: { read: async () => structuredClone(items), write: async (next) => void (items = structuredClone(next)) },
      send: (save) => client.savePin(save.pin, save.id),
      wakeAt: () => {},
    });
    requests = 0;
    const save = await queue.enqueue({ boardId, ...pin }, 'Finds');
    await queue.flush();
    expect(requests).toBe(1);
    expect(items).toEqual([
      expect.objectContaining({ id: save.id, state: 'failed', lastError: expect.stringContaining(reason) }),
    ]);

    await queue.flush();
    expect(requests).toBe(1);

    await queue.discard(save.id);
    expect(items).toEqual([]);
  });
});
