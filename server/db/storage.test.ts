import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens } from './schema';
import { type DatabaseHandle, queryRows } from './open-database';
import { createUsersRepository, UnknownUserError, UserExistsError } from '../users/users-repository';
import { testDatabases } from '../testing/test-databases';

// The same storage behaviour, checked on every driver Loupe supports.
for (const target of testDatabases) {
  describe.skipIf(!target.available)(`storage on ${target.name}${target.available ? '' : ` (skipped: ${target.skipReason})`}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(async () => {
      await handle?.close();
    });

    it('applies every migration and reports its driver', async () => {
      expect(handle.kind).toBe(target.name === 'pglite' ? 'pglite' : 'postgres');
      const applied = await queryRows<{ count: string }>(handle.db, sql`SELECT count(*)::text AS count FROM drizzle.__drizzle_migrations`);
      expect(Number(applied[0]?.count)).toBeGreaterThanOrEqual(2);
      const tables = await queryRows<{ name: string }>(handle.db, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`);
      expect(tables.map((row) => row.name)).toEqual(expect.arrayContaining(['api_tokens', 'users']));
    });

    it('creates users, authenticates their tokens and stores only hashes', async () => {
      const users = createUsersRepository(handle.db);
      const { user, token } = await users.create('ada');
      expect(user).toMatchObject({ name: 'ada', isAdmin: false });
      expect(await users.authenticate(token)).toEqual(user);

      const stored = await handle.db.select().from(apiTokens);
      expect(stored.map((row) => row.tokenHash)).not.toContain(token);
      expect(JSON.stringify(stored)).not.toContain(token.slice(12));
    });

    it('refuses a second user with the same name', async () => {
      const users = createUsersRepository(handle.db);
      await users.create('grace');
      await expect(users.create('grace')).rejects.toBeInstanceOf(UserExistsError);
    });

    it('issues extra tokens, and refuses unknown, malformed and revoked ones', async () => {
      const users = createUsersRepository(handle.db);
      const { user, token: first } = await users.create('linus');
      const { token: second } = await users.issueTokenFor('linus', 'laptop');
      expect(second).not.toBe(first);
      expect((await users.authenticate(second))?.id).toBe(user.id);
      await expect(users.issueTokenFor('nobody')).rejects.toBeInstanceOf(UnknownUserError);

      expect(await users.authenticate(`${first.slice(0, -1)}x`)).toBeUndefined();
      expect(await users.authenticate('not-a-token')).toBeUndefined();
      await handle.db.update(apiTokens).set({ revokedAt: new Date() }).where(sql`${apiTokens.userId} = ${user.id} AND ${apiTokens.label} = 'laptop'`);
      expect(await users.authenticate(second)).toBeUndefined();
      expect((await users.authenticate(first))?.id).toBe(user.id);
    });

    it('removes a user’s tokens with the user', async () => {
      const users = createUsersRepository(handle.db);
      const { user, token } = await users.create('temp');
      await handle.db.execute(sql`DELETE FROM users WHERE id = ${user.id}`);
      expect(await users.authenticate(token)).toBeUndefined();
      const left = await queryRows(handle.db, sql`SELECT 1 FROM api_tokens WHERE user_id = ${user.id}`);
      expect(left).toHaveLength(0);
    });

    it.skipIf(!target.hasVector)('has pgvector for vector search', async () => {
      const result = await queryRows<{ distance: number }>(handle.db, sql`SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector AS distance`);
      expect(Number(result[0]?.distance)).toBeCloseTo(1);
    });
  });
}
