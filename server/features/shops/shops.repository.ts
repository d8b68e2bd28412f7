/**
 * Followed shops in the database: who follows what, the state of each shop's
 * run, and the claim by which one server process (of several on one
 * PostgreSQL) takes a shop to read: `FOR UPDATE SKIP LOCKED`, with a
 * heartbeat, so a run whose process died is taken over.
 */
import { and, count, desc, eq, isNull, or, sql } from 'drizzle-orm';
import type { Shop, ShopPlatform, ShopStatus } from '../../../utils/contract';
import { type Database, queryRows } from '../../platform/db/open-database';
import { products, shops } from '../../platform/db/schema';

export type ShopRow = typeof shops.$inferSelect;

/** Products of a followed shop are catalogue products of this source. */
export const shopSource = (shopId: string) => `shop:${shopId}`;

export function toShop(row: ShopRow): Shop {
  return {
    id: row.id,
    origin: row.origin,
    platform: row.platform as ShopPlatform | null,
    status: row.status as ShopStatus,
    products: row.products,
    progress: { read: row.progressRead, total: row.progressTotal },
    forEveryone: row.ownerId === null,
    lastRefreshedAt: row.lastRefreshedAt?.toISOString() ?? null,
    nextRefreshAt: row.nextRefreshAt?.toISOString() ?? null,
    error: row.error,
  };
}

/** Shops a user sees: their own, and those followed for everyone. */
const visibleTo = (userId: string) => or(eq(shops.ownerId, userId), isNull(shops.ownerId));

export function createShopsRepository(db: Database) {
  return {
    /**
     * Follows the shop at `origin` for `ownerId` (null: everyone). Following it again answers the
     * shop already followed (and queues a run if its last one failed).
     */
    async follow(origin: string, ownerId: string | null, followedBy: string): Promise<ShopRow> {
      const [row] = await db
        .insert(shops)
        .values({ origin, ownerId, followedBy })
        .onConflictDoUpdate({
          target: [shops.ownerId, shops.origin],
          set: { status: sql`CASE WHEN ${shops.status} = 'failed' THEN 'queued' ELSE ${shops.status} END` },
        })
        .returning();
      return row!;
    },

    async list(userId: string): Promise<ShopRow[]> {
      return db.select().from(shops).where(visibleTo(userId)).orderBy(desc(shops.createdAt));
    },

    async get(id: string, userId?: string): Promise<ShopRow | undefined> {
      const [row] = await db
        .select()
        .from(shops)
        .where(userId === undefined ? eq(shops.id, id) : and(eq(shops.id, id), visibleTo(userId)));
      return row;
    },

    /** Asks for a run now, unless one is under way. */
    async requestRefresh(id: string): Promise<ShopRow | undefined> {
      const [row] = await db
        .update(shops)
        .set({ status: sql`CASE WHEN ${shops.status} = 'importing' THEN 'importing' ELSE 'queued' END` })
        .where(eq(shops.id, id))
        .returning();
      return row;
    },

    /** Unfollows: the shop and its products leave the catalogue. */
    async remove(id: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.delete(products).where(eq(products.source, shopSource(id)));
        await tx.delete(shops).where(eq(shops.id, id));
      });
    },

    /**
     * Takes the next shop due for a run, if any, for `worker`: one queued, one whose refresh is due, or
     * one whose run stopped saying it is alive (its process died). Two processes never take the same shop.
     */
    async claimNext(worker: string, staleAfterMs: number): Promise<ShopRow | undefined> {
      const rows = await queryRows<{ id: string }>(
        db,
        sql`UPDATE shops SET
              progress_read = CASE WHEN status = 'importing' THEN progress_read ELSE 0 END,
              progress_total = CASE WHEN status = 'importing' THEN progress_total ELSE NULL END,
              status = 'importing', claimed_by = ${worker}, heartbeat_at = now()
            WHERE id = (
              SELECT id FROM shops
              WHERE status = 'queued'
                 OR (status IN ('ready', 'failed') AND next_refresh_at <= now())
                 OR (status = 'importing' AND (heartbeat_at IS NULL OR heartbeat_at < now() - make_interval(secs => ${staleAfterMs / 1000})))
              ORDER BY coalesce(next_refresh_at, created_at)
              LIMIT 1
              FOR UPDATE SKIP LOCKED)
            RETURNING id`,
      );
      const id = rows[0]?.id;
      return id ? this.get(id) : undefined;
    },

    /** Says the run is alive; false when the shop is gone or another process took it over. */
    async heartbeat(id: string, worker: string, progress?: { read: number; total?: number | null }): Promise<boolean> {
      const rows = await db
        .update(shops)
        .set({
          heartbeatAt: new Date(),
          ...(progress ? { progressRead: progress.read } : {}),
          ...(progress?.total !== undefined ? { progressTotal: progress.total } : {}),
        })
        .where(and(eq(shops.id, id), eq(shops.claimedBy, worker)))
        .returning({ id: shops.id });
      return rows.length > 0;
    },

    async update(id: string, worker: string, values: Partial<typeof shops.$inferInsert>): Promise<void> {
      await db
        .update(shops)
        .set(values)
        .where(and(eq(shops.id, id), eq(shops.claimedBy, worker)));
    },

    /** Ends a run: the shop is ready (or failed) until its next refresh. */
    async finish(
      id: string,
      worker: string,
      outcome: { status: 'ready' | 'failed'; error: string | null; refreshIntervalMs: number },
    ): Promise<void> {
      const [counted] = await db
        .select({ n: count() })
        .from(products)
        .where(eq(products.source, shopSource(id)));
      const now = new Date();
      await this.update(id, worker, {
        status: outcome.status,
        error: outcome.error,
        products: counted?.n ?? 0,
        claimedBy: null,
        ...(outcome.status === 'ready' ? { lastRefreshedAt: now } : {}),
        nextRefreshAt: new Date(now.getTime() + outcome.refreshIntervalMs),
      });
    },
  };
}
export type ShopsRepository = ReturnType<typeof createShopsRepository>;
