import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSchema, PinPageSchema, SavePinResultSchema } from '../../../utils/contract';
import { asUser } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';
import { dominantColors } from './pin-enrichment';

/** A two-colour image: three quarters red, one quarter blue. */
const twoColours = () =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
    .composite([
      { input: { create: { width: 50, height: 100, channels: 3, background: '#0000ff' } }, left: 150, top: 0 },
    ])
    .png()
    .toBuffer();

describe('dominantColors', () => {
  it('lists the most common colours first', async () => {
    expect(await dominantColors(await twoColours(), 2)).toEqual(['#ff0000', '#0000ff']);
  });

  it('refuses what is not an image', async () => {
    await expect(dominantColors(new TextEncoder().encode('<html>'))).rejects.toThrow();
  });
});

// The enrichment writes to a pin after its save (text[] colours, sizes): on both databases.
for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`pin enrichment on ${target.name}`, () => {
    let t: TestApp;
    let server: ReturnType<typeof createServer>;
    let origin: string;
    beforeAll(async () => {
      const png = await twoColours();
      server = createServer((req, res) => {
        if (req.url === '/photo.png') return res.writeHead(200, { 'content-type': 'image/png' }).end(png);
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      // Loopback images are reachable only because tests allow private addresses explicitly.
      t = await createTestApp(target, { provenance: { allowPrivate: true } });
    });
    afterAll(async () => {
      await t?.close();
      await new Promise((resolve) => server.close(resolve));
    });

    it('fills a new pin’s size, colours and provenance from the image, after the save is acknowledged', async () => {
      const ada = asUser(t, (await t.users.create('ada')).token);
      const board = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Colours' })).json());
      const saved = SavePinResultSchema.parse(
        await (await ada.post('/v1/pins', { boardId: board.id, imageUrl: `${origin}/photo.png` })).json(),
      );
      expect(saved.pin).toMatchObject({ colors: [], width: null, provenance: null });

      await t.deps.pinEnrichment.idle();
      const [pin] = PinPageSchema.parse(await (await ada.get(`/v1/boards/${board.id}/pins`)).json()).items;
      expect(pin).toMatchObject({ width: 200, height: 100, provenance: { verdict: 'unknown', strength: 'none' } });
      expect(pin?.colors.slice(0, 2)).toEqual(['#ff0000', '#0000ff']);
    });

    it('keeps what the client sent, and shrugs off an image it cannot fetch', async () => {
      const bob = asUser(t, (await t.users.create('bob')).token);
      const board = BoardSchema.parse(await (await bob.post('/v1/boards', { name: 'Kept' })).json());
      await bob.post('/v1/pins', {
        boardId: board.id,
        imageUrl: `${origin}/photo.png`,
        colors: ['#123456'],
        width: 10,
        height: 5,
      });
      await bob.post('/v1/pins', { boardId: board.id, imageUrl: `${origin}/missing.png` });
      await t.deps.pinEnrichment.idle();
      const pins = PinPageSchema.parse(await (await bob.get(`/v1/boards/${board.id}/pins`)).json()).items;
      expect(pins.find((pin) => pin.imageUrl.endsWith('photo.png'))).toMatchObject({
        colors: ['#123456'],
        width: 10,
        height: 5,
      });
      expect(pins.find((pin) => pin.imageUrl.endsWith('missing.png'))).toMatchObject({
        colors: [],
        width: null,
        provenance: null,
      });
    });
  });
}
