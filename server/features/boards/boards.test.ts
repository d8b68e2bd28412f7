import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardListSchema, BoardSchema } from '../../../utils/contract';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';

// On both databases Loupe runs on: the case-insensitive unique name and the pin counts are SQL.
for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`boards API on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let bob: ReturnType<typeof asUser>;
    beforeAll(async () => {
      t = await createTestApp(target);
      ada = asUser(t, (await t.users.create('ada')).token);
      bob = asUser(t, (await t.users.create('bob')).token);
    });
    afterAll(() => t.close());

    it('creates, lists, renames and deletes a board', async () => {
      const created = await ada.post('/v1/boards', { name: '  Living room  ', description: 'lamps and rugs' });
      expect(created.status).toBe(201);
      const board = BoardSchema.parse(await created.json());
      expect(board).toMatchObject({
        name: 'Living room',
        description: 'lamps and rugs',
        pinCount: 0,
        coverImageUrl: null,
      });
      expect(created.headers.get('location')).toBe(`/v1/boards/${board.id}`);

      const listed = BoardListSchema.parse(await (await ada.get('/v1/boards')).json());
      expect(listed.items.map((b) => b.id)).toContain(board.id);

      const renamed = await ada.patch(`/v1/boards/${board.id}`, { name: 'Lounge' });
      expect(BoardSchema.parse(await renamed.json()).name).toBe('Lounge');
      expect(BoardSchema.parse(await (await ada.get(`/v1/boards/${board.id}`)).json()).name).toBe('Lounge');

      expect((await ada.delete(`/v1/boards/${board.id}`)).status).toBe(204);
      await expectProblem(await ada.get(`/v1/boards/${board.id}`), 404);
    });

    it('refuses a second board with the same name, whatever its case', async () => {
      expect((await ada.post('/v1/boards', { name: 'Shoes' })).status).toBe(201);
      const problem = await expectProblem(await ada.post('/v1/boards', { name: 'shoes' }), 409);
      expect(problem.detail).toContain('already have a board named');
      // Another user may use the same name.
      expect((await bob.post('/v1/boards', { name: 'Shoes' })).status).toBe(201);
    });

    it('answers invalid input with a 400 problem naming the field', async () => {
      const problem = await expectProblem(await ada.post('/v1/boards', { name: '' }), 400);
      expect(problem.errors?.[0]?.path).toBe('name');
      await expectProblem(await ada.post('/v1/boards', { name: 'x', owner: 'bob' }), 400);
      await expectProblem(await ada.get('/v1/boards/not-a-uuid'), 400);
    });

    it('keeps boards private to their owner', async () => {
      const secret = BoardSchema.parse(await (await ada.post('/v1/boards', { name: 'Gifts for Bob' })).json());
      await expectProblem(await bob.get(`/v1/boards/${secret.id}`), 404);
      await expectProblem(await bob.patch(`/v1/boards/${secret.id}`, { name: 'Mine' }), 404);
      await expectProblem(await bob.delete(`/v1/boards/${secret.id}`), 404);
      const bobs = BoardListSchema.parse(await (await bob.get('/v1/boards')).json());
      expect(bobs.items.map((b) => b.id)).not.toContain(secret.id);
      expect(BoardSchema.parse(await (await ada.get(`/v1/boards/${secret.id}`)).json()).name).toBe('Gifts for Bob');
    });
  });
}
