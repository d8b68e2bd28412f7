import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BoardSchema,
  type CreatePin,
  PinPageSchema,
  PinSchema,
  SavedLookupSchema,
  SavePinResultSchema,
} from '../../../utils/contract';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';

// Saving must be exactly-once on every database Loupe runs on, so these run on each.
for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`pins API on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let bob: ReturnType<typeof asUser>;
    let boardId: string;
    let otherBoardId: string;
    let bobsBoardId: string;
    let n = 0;
    const image = () => `https://cdn.shop.example/img/${++n}.jpg`;
    const key = () => `save-${crypto.randomUUID()}`;

    beforeAll(async () => {
      t = await createTestApp(target);
      ada = asUser(t, (await t.users.create('ada')).token);
      bob = asUser(t, (await t.users.create('bob')).token);
      boardId = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Lamps' })).json()).id;
      otherBoardId = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Chairs' })).json()).id;
      bobsBoardId = BoardSchema.parse(await (await bob.post('/v1/boards', { name: 'Bob’s' })).json()).id;
    });
    afterAll(() => t?.close());

    const save = async (body: CreatePin, idempotencyKey?: string, as = ada) => {
      const response = await as.post('/v1/pins', body, idempotencyKey ? { 'idempotency-key': idempotencyKey } : {});
      return {
        status: response.status,
        body: response.ok ? SavePinResultSchema.parse(await response.json()) : undefined,
        response,
      };
    };

    it('keeps everything a pin carries', async () => {
      const input: CreatePin = {
        boardId,
        imageUrl: image(),
        sourceUrl: 'https://shop.example/lamp',
        sourceTitle: 'Arc lamp — Shop',
        altText: 'A brass arc lamp',
        product: {
          name: 'Arc lamp',
          brand: 'Lumen',
          price: '149.00',
          currency: 'EUR',
          availability: 'in_stock',
          images: [],
        },
        note: 'for the corner',
        tags: ['brass', 'lighting'],
        colors: ['#c8a165', '#202020'],
        width: 1200,
        height: 1600,
        provenance: { verdict: 'camera-or-human', strength: 'verified' },
      };
      const { status, body } = await save(input, key());
      expect(status).toBe(201);
      expect(body?.outcome).toBe('created');
      const { boardId: _b, ...rest } = input;
      expect(body?.pin).toMatchObject({ ...rest, boardId });
      const board = BoardSchema.parse(await (await ada.get(`/v1/boards/${boardId}`)).json());
      expect(board).toMatchObject({ pinCount: 1, coverImageUrl: input.imageUrl });
    });

    it('returns the same pin for a retried save, and reports the same image again as already saved', async () => {
      const body = { boardId, imageUrl: image() };
      const k = key();
      const first = await save(body, k);
      const retry = await save(body, k);
      expect(first.status).toBe(201);
      expect(retry.status).toBe(201);
      expect(retry.body?.pin.id).toBe(first.body?.pin.id);

      const again = await save(body, key());
      expect(again.status).toBe(200);
      expect(again.body).toMatchObject({ outcome: 'already-saved', pin: { id: first.body?.pin.id } });
      const withoutKey = await save(body);
      expect(withoutKey.body?.outcome).toBe('already-saved');
    });

    it('makes one pin from many concurrent retries of one save', async () => {
      const body = { boardId, imageUrl: image() };
      const k = key();
      const results = await Promise.all(Array.from({ length: 12 }, () => save(body, k)));
      expect(new Set(results.map((r) => r.status))).toEqual(new Set([201]));
      expect(new Set(results.map((r) => r.body?.pin.id)).size).toBe(1);
      const page = PinPageSchema.parse(await (await ada.get(`/v1/boards/${boardId}/pins?limit=200`)).json());
      expect(page.items.filter((pin) => pin.imageUrl === body.imageUrl)).toHaveLength(1);
    });

    it('makes one pin from concurrent saves of the same image with different keys', async () => {
      const body = { boardId, imageUrl: image() };
      const results = await Promise.all(Array.from({ length: 8 }, () => save(body, key())));
      expect(results.filter((r) => r.body?.outcome === 'created')).toHaveLength(1);
      expect(new Set(results.map((r) => r.body?.pin.id)).size).toBe(1);
    });

    it('refuses an Idempotency-Key reused for a different save', async () => {
      const k = key();
      await save({ boardId, imageUrl: image() }, k);
      const problem = await expectProblem((await save({ boardId, imageUrl: image() }, k)).response, 422);
      expect(problem.detail).toContain('already used for a different save');
    });

    it('pages through a board newest first, without gaps or repeats', async () => {
      const board = BoardSchema.parse(await (await ada.post('/v1/boards', { name: `Paging ${target.name}` })).json());
      const urls: string[] = [];
      for (let i = 0; i < 45; i++) {
        const url = image();
        urls.push(url);
        await save({ boardId: board.id, imageUrl: url }, key());
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const response: Response = await ada.get(
          `/v1/boards/${board.id}/pins?limit=20${cursor ? `&cursor=${cursor}` : ''}`,
        );
        const page = PinPageSchema.parse(await response.json());
        seen.push(...page.items.map((pin) => pin.imageUrl));
        cursor = page.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(3);
      expect(seen).toEqual([...urls].reverse());

      await expectProblem(await ada.get(`/v1/boards/${board.id}/pins?cursor=bogus`), 400);
      await expectProblem(await ada.get(`/v1/boards/${board.id}/pins?limit=1000`), 400);
    });

    it('edits, moves and deletes pins', async () => {
      const url = image();
      const pin = (await save({ boardId, imageUrl: url }, key())).body!.pin;
      const edited = PinSchema.parse(
        await (await ada.patch(`/v1/pins/${pin.id}`, { note: 'maybe', tags: ['later'] })).json(),
      );
      expect(edited).toMatchObject({ note: 'maybe', tags: ['later'] });

      const moved = PinSchema.parse(await (await ada.patch(`/v1/pins/${pin.id}`, { boardId: otherBoardId })).json());
      expect(moved.boardId).toBe(otherBoardId);

      // The same image already on the target board: a conflict, not a duplicate.
      const twin = (await save({ boardId, imageUrl: url }, key())).body!.pin;
      await expectProblem(await ada.patch(`/v1/pins/${twin.id}`, { boardId: otherBoardId }), 409);

      expect((await ada.delete(`/v1/pins/${pin.id}`)).status).toBe(204);
      await expectProblem(await ada.delete(`/v1/pins/${pin.id}`), 404);
    });

    it('keeps pins private: another user can neither see, change, move into nor save to them', async () => {
      const pin = (await save({ boardId, imageUrl: image() }, key())).body!.pin;
      await expectProblem(await bob.get(`/v1/boards/${boardId}/pins`), 404);
      await expectProblem(await bob.patch(`/v1/pins/${pin.id}`, { note: 'mine now' }), 404);
      await expectProblem(await bob.patch(`/v1/pins/${pin.id}`, { boardId: bobsBoardId }), 404);
      await expectProblem(await bob.delete(`/v1/pins/${pin.id}`), 404);
      await expectProblem((await save({ boardId, imageUrl: image() }, key(), bob)).response, 404);
      // Nor can Ada move her pin onto Bob's board.
      await expectProblem(await ada.patch(`/v1/pins/${pin.id}`, { boardId: bobsBoardId }), 404);
      expect(PinSchema.parse(await (await ada.patch(`/v1/pins/${pin.id}`, {})).json()).note).toBe('');
    });

    it('says which images are already saved, and where, to their owner only', async () => {
      const url = image();
      const pin = (await save({ boardId, imageUrl: url }, key())).body!.pin;
      const lookup = async (as: typeof ada, imageUrls: string[]) =>
        SavedLookupSchema.parse(await (await as.post('/v1/pins/lookup', { imageUrls })).json()).saved;
      expect(await lookup(ada, [url, 'https://cdn.shop.example/never-saved.jpg'])).toEqual([
        { imageUrl: url, pinId: pin.id, boardId, boardName: 'Lamps' },
      ]);
      expect(await lookup(bob, [url])).toEqual([]);
      await expectProblem(
        await ada.post('/v1/pins/lookup', { imageUrls: Array.from({ length: 1001 }, () => url) }),
        400,
      );
    });

    it('answers invalid pins with 400 problems', async () => {
      for (const body of [
        { boardId, imageUrl: 'javascript:alert(1)' },
        { boardId, imageUrl: 'not a url' },
        { boardId: 'nope', imageUrl: image() },
        { boardId, imageUrl: image(), colors: ['red'] },
        { boardId, imageUrl: image(), product: { name: 'x', price: '12,99' } },
        { boardId, imageUrl: image(), userId: 'someone' },
      ]) {
        await expectProblem(await ada.post('/v1/pins', body), 400);
      }
      await expectProblem(await ada.post('/v1/pins', { boardId, imageUrl: image() }, { 'idempotency-key': 'x' }), 400);
    });
  });
}
