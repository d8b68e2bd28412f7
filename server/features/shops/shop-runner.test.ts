import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ShopSchema, type Shop } from '../../../utils/contract';
import { importJobs, products, shops } from '../../platform/db/schema';
import { asUser } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';
import { openTwice } from './testing/shared-database';
import { shopItems, startShop, testEmbedder, type TestShop } from './testing/shop-server';

const SHOPS = { requestDelayMs: 0, pollMs: 25, staleAfterMs: 30_000 };

/** Waits (without a time limit of its own: the test's applies) until the shop is as wanted. */
async function until(app: TestApp, token: string, id: string, done: (shop: Shop) => boolean): Promise<Shop> {
  const who = asUser(app, token);
  for (;;) {
    const shop = ShopSchema.parse(await (await who.get(`/v1/shops/${id}`)).json());
    if (done(shop)) return shop;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`shops shared by two server processes on ${target.name}`, () => {
    let one: TestApp;
    let two: TestApp;
    let token: string;
    let store: TestShop;
    let drop: () => Promise<void>;
    const embedder = testEmbedder();

    beforeAll(async () => {
      const databases = await openTwice(target);
      drop = databases.drop;
      const options = { catalog: { embedder, fetchAllowPrivate: true }, shops: SHOPS };
      one = await createTestApp(databases.first, options);
      two = await createTestApp(databases.second, options);
      token = (await one.users.create('ada')).token;
      store = await startShop('shopify', shopItems(300));
    });
    afterAll(async () => {
      await one?.close();
      await two?.close();
      await drop?.();
      await store?.close();
    });

    it('runs each import and each scheduled refresh once, whichever process claims it', async () => {
      one.deps.shops.runner.start();
      two.deps.shops.runner.start();
      const queued = ShopSchema.parse(await (await asUser(one, token).post('/v1/shops', { url: store.origin })).json());
      const ready = await until(two, token, queued.id, (shop) => shop.status === 'ready');
      expect(ready.products).toBe(300);

      // The refresh falls due: both processes are polling, one of them reads the shop.
      await one.deps.database.db
        .update(shops)
        .set({ nextRefreshAt: sql`now() - interval '1 second'` })
        .where(eq(shops.id, queued.id));
      await until(one, token, queued.id, (shop) => shop.lastRefreshedAt !== ready.lastRefreshedAt);
      await Promise.all([one.deps.shops.runner.close(), two.deps.shops.runner.close()]);

      for (const page of [1, 2]) expect(store.hits.get(`/products.json?limit=250&page=${page}`)).toBe(2);
      const runs = await one.deps.database.db
        .select({ id: importJobs.id })
        .from(importJobs)
        .where(eq(importJobs.source, `shop:${queued.id}`));
      expect(runs).toHaveLength(2);
    });

    it('takes over a run whose process died, and resumes it after its last committed batch', async () => {
      const db = one.deps.database.db;
      const [shop] = await db.select().from(shops);
      // A process claimed a refresh, committed 250 of the 300 products, and died: its heartbeat stopped.
      const [job] = await db
        .insert(importJobs)
        .values({
          source: `shop:${shop!.id}`,
          location: shop!.origin,
          format: 'jsonl',
          status: 'running',
          rowsDone: 250,
          ownerId: shop!.ownerId,
          fingerprint: `shop:${shop!.id}`,
          heartbeatAt: sql`now() - interval '1 hour'`,
        })
        .returning();
      // What the dead run committed carries its mark: the first 250 products (variant ids 100 to 25000).
      await db
        .update(products)
        .set({ lastImportId: job!.id })
        .where(and(eq(products.source, `shop:${shop!.id}`), sql`${products.sourceId}::int <= 25000`));
      await db
        .update(shops)
        .set({
          status: 'importing',
          claimedBy: 'dead-process',
          heartbeatAt: sql`now() - interval '1 hour'`,
          importJobId: job!.id,
        })
        .where(eq(shops.id, shop!.id));

      const resumer = await createTestApp(
        { ...target, open: async () => ({ ...one.deps.database, close: async () => {} }) },
        { catalog: { embedder, fetchAllowPrivate: true }, shops: SHOPS },
      );
      try {
        resumer.deps.shops.runner.kick();
        await resumer.deps.shops.runner.idle();
        const [after] = await db.select().from(shops).where(eq(shops.id, shop!.id));
        expect(after).toMatchObject({ status: 'ready', importJobId: job!.id, products: 300, claimedBy: null });
        const [resumed] = await db
          .select()
          .from(importJobs)
          .where(and(eq(importJobs.id, job!.id)));
        // Only the 50 rows after the committed 250 were handled again.
        expect(resumed).toMatchObject({ status: 'succeeded', rowsDone: 300 });
        expect(resumed!.created + resumed!.updated + resumed!.unchanged).toBe(50);
      } finally {
        await resumer.close();
      }
    });
  });
}
