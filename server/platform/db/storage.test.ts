import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokens, boards, importJobs, pins, products } from './schema';
import { type DatabaseHandle, queryRows } from './open-database';
import { createUsersRepository, UnknownUserError, UserExistsError } from '../../features/users';
import { testDatabases } from '../../testing/test-databases';

// The same storage behaviour, checked on every driver Loupe supports.
for (const target of testDatabases) {
  describe.skipIf(!target.available)(
    `storage on ${target.name}${target.available ? '' : ` (skipped: ${target.skipReason})`}`,
    () => {
      let handle: DatabaseHandle;
      beforeAll(async () => {
        handle = await target.open();
      });
      afterAll(async () => {
        await handle?.close();
      });

      it('applies every migration and reports its driver', async () => {
        expect(handle.kind).toBe(target.name === 'pglite' ? 'pglite' : 'postgres');
        const applied = await queryRows<{ count: string }>(
          handle.db,
          sql`SELECT count(*)::text AS count FROM drizzle.__drizzle_migrations`,
        );
        expect(Number(applied[0]?.count)).toBeGreaterThanOrEqual(2);
        const tables = await queryRows<{ name: string }>(
          handle.db,
          sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
        );
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
        await handle.db
          .update(apiTokens)
          .set({ revokedAt: new Date() })
          .where(sql`${apiTokens.userId} = ${user.id} AND ${apiTokens.label} = 'laptop'`);
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

      it('reads every column back as the same JavaScript type, whatever the driver', async () => {
        // node-postgres and PGlite disagree on raw values (bytea: Buffer vs Uint8Array; int8 and count:
        // string vs BigInt/number; timestamps: microseconds vs milliseconds); the schema must hide that.
        const { user } = await createUsersRepository(handle.db).create('types');
        const [board] = await handle.db.insert(boards).values({ userId: user.id, name: 'Types' }).returning();
        const captured = { name: 'Lamp', price: '19.99', currency: 'EUR', images: ['https://shop.example/lamp.jpg'] };
        const [pin] = await handle.db
          .insert(pins)
          .values({
            userId: user.id,
            boardId: board!.id,
            imageUrl: 'https://shop.example/lamp.jpg',
            product: captured,
            tags: ['a', 'b c'],
          })
          .returning();
        const [readPin] = await handle.db
          .select()
          .from(pins)
          .where(sql`${pins.id} = ${pin!.id}`);
        expect(typeof readPin?.seq).toBe('number');
        expect(readPin?.product).toEqual(captured);
        expect(readPin?.tags).toEqual(['a', 'b c']);
        expect(readPin?.createdAt).toBeInstanceOf(Date);

        const upload = new Uint8Array([0, 1, 2, 0xff]);
        const [job] = await handle.db
          .insert(importJobs)
          .values({ source: 'types', location: 'upload:types', upload: Buffer.from(upload) })
          .returning();
        const [readJob] = await handle.db
          .select()
          .from(importJobs)
          .where(sql`${importJobs.id} = ${job!.id}`);
        expect(Buffer.isBuffer(readJob?.upload)).toBe(true);
        expect(new Uint8Array(readJob!.upload!)).toEqual(upload);
        expect(readJob?.createdAt).toBeInstanceOf(Date);

        await handle.db.insert(products).values({
          source: 'types',
          sourceId: '1',
          title: 'Lamp',
          link: 'https://shop.example/lamp',
          imageUrl: 'https://shop.example/lamp.jpg',
          price: '19.990',
          salePrice: '0.10',
          currency: 'EUR',
          contentHash: 'x',
        });
        const [product] = await handle.db
          .select({ price: products.price, salePrice: products.salePrice, firstSeenAt: products.firstSeenAt })
          .from(products)
          .where(sql`${products.source} = 'types'`);
        expect(product).toEqual({ price: '19.990', salePrice: '0.10', firstSeenAt: expect.any(Date) });
      });

      it.skipIf(!target.hasVector)('has pgvector for vector search', async () => {
        const result = await queryRows<{ distance: number }>(
          handle.db,
          sql`SELECT '[1,0,0]'::vector <=> '[0,1,0]'::vector AS distance`,
        );
        expect(Number(result[0]?.distance)).toBeCloseTo(1);
      });
    },
  );
}
