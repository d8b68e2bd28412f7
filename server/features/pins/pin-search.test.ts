import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSchema, type CreatePin, PinSearchResponseSchema, SavePinResultSchema } from '../../../utils/contract';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases, withoutVectorTestDatabases } from '../../testing/test-databases';

// Search your saves by words, through their text: on both databases Loupe runs on. No model is
// installed here, so this is the text half alone (search-by-look.test.ts covers meaning and look).
for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`search your saves by words on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let bob: ReturnType<typeof asUser>;
    const pinIds = new Map<string, string>();

    const save = async (
      as: ReturnType<typeof asUser>,
      boardId: string,
      name: string,
      pin: Omit<CreatePin, 'boardId'>,
    ) => {
      const response = await as.post('/v1/pins', { boardId, ...pin });
      expect(response.status).toBe(201);
      pinIds.set(name, SavePinResultSchema.parse(await response.json()).pin.id);
    };
    const search = async (q: string, as = ada) => {
      const response = await as.get(`/v1/pins/search?q=${encodeURIComponent(q)}`);
      expect(response.status).toBe(200);
      return PinSearchResponseSchema.parse(await response.json()).results;
    };
    const names = (results: { pin: { id: string } }[]) =>
      results.map((result) => [...pinIds].find(([, id]) => id === result.pin.id)?.[0] ?? 'someone else’s');

    beforeAll(async () => {
      t = await createTestApp(target);
      ada = asUser(t, (await t.users.create('ada')).token);
      bob = asUser(t, (await t.users.create('bob')).token);
      const living = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Living room' })).json()).id;
      const garden = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Garden' })).json()).id;
      const bobs = BoardSchema.parse(await (await bob.post('/v1/boards', { name: 'Bob’s' })).json()).id;
      const image = (n: string) => `https://cdn.shop.example/img/${n}.jpg`;
      await save(ada, living, 'by title', { imageUrl: image('1'), sourceTitle: 'Walnut sideboard — Oak & Co' });
      await save(ada, living, 'by alt', { imageUrl: image('2'), altText: 'A velvet armchair in emerald' });
      await save(ada, living, 'by note', { imageUrl: image('3'), note: 'Ask about the terracotta pots' });
      await save(ada, garden, 'by tag', { imageUrl: image('4'), tags: ['hammock', 'summer'] });
      await save(ada, garden, 'by product', {
        imageUrl: image('5'),
        product: { name: 'Rattan lantern', brand: 'Lumen', images: [] },
      });
      await save(ada, garden, 'two fields', {
        imageUrl: image('6'),
        sourceTitle: 'Emerald garden chair',
        tags: ['emerald'],
      });
      await save(bob, bobs, 'bob’s sideboard', { imageUrl: image('1'), sourceTitle: 'Walnut sideboard' });
    });
    afterAll(() => t?.close());

    it('finds a pin by any of its text fields', async () => {
      expect(names(await search('sideboard'))).toEqual(['by title']);
      expect(names(await search('velvet'))).toEqual(['by alt']);
      expect(names(await search('terracotta'))).toEqual(['by note']);
      expect(names(await search('hammock'))).toEqual(['by tag']);
      expect(names(await search('rattan'))).toEqual(['by product']);
      expect(names(await search('lumen'))).toEqual(['by product']);
      // Across boards, and with word forms: "lanterns" finds "lantern".
      expect(names(await search('lanterns'))).toEqual(['by product']);
    });

    it('ranks, says how each pin matched, and gives a similarity', async () => {
      const results = await search('emerald');
      // Tags weigh more than alt text: the pin tagged "emerald" comes first.
      expect(names(results)).toEqual(['two fields', 'by alt']);
      expect(results.map((result) => result.matched)).toEqual([['text'], ['text']]);
      expect(results[0]!.similarity).toBe(1);
      expect(results[1]!.similarity).toBeGreaterThan(0);
      expect(results[1]!.similarity).toBeLessThan(1);
      expect(names(await search('"garden chair"'))).toEqual(['two fields']);
      expect(await search('nothing-like-this')).toEqual([]);
    });

    it('only ever finds the caller’s own pins', async () => {
      expect(names(await search('walnut', bob))).toEqual(['bob’s sideboard']);
      expect(names(await search('walnut'))).toEqual(['by title']);
      expect(await search('velvet', bob)).toEqual([]);
    });

    it('refuses an empty or overlong query, and anonymous callers', async () => {
      await expectProblem(await ada.get('/v1/pins/search?q=%20'), 400);
      await expectProblem(await ada.get(`/v1/pins/search?q=${'a'.repeat(501)}`), 400);
      await expectProblem(await ada.get('/v1/pins/search?q=x&k=0'), 400);
      await expectProblem(await t.request('/v1/pins/search?q=walnut'), 401);
    });
  });
}

// A PostgreSQL server without pgvector (Debian's): words still find pins; looks cannot, and say why.
for (const target of withoutVectorTestDatabases) {
  describe(`search your saves on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let boardId: string;
    beforeAll(async () => {
      t = await createTestApp(target);
      ada = asUser(t, (await t.users.create('ada')).token);
      boardId = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Hall' })).json()).id;
      await ada.post('/v1/pins', { boardId, imageUrl: 'https://cdn.shop.example/a.jpg', note: 'umbrella stand' });
    });
    afterAll(() => t?.close());

    it('finds pins by words, and answers 503 for searches by look', async () => {
      const found = PinSearchResponseSchema.parse(await (await ada.get('/v1/pins/search?q=umbrella')).json());
      expect(found.results.map((result) => result.pin.note)).toEqual(['umbrella stand']);
      expect(
        (await expectProblem(await ada.post('/v1/pins/similar', { pinId: found.results[0]!.pin.id }), 503)).detail,
      ).toMatch(/pgvector/);
      await expectProblem(await ada.get(`/v1/boards/${boardId}/products`), 503);
    });
  });
}
