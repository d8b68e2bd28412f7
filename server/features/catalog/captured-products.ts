import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import {
  type AddCapturedProductResult,
  CAPTURED_SOURCE,
  type CapturedProduct,
  type CapturedProductGap,
  capturedProductGaps,
  GtinSchema,
  type Product,
  ProductSchema,
  WebUrlSchema,
} from '../../../utils/contract';
import { type Database, queryRows } from '../../platform/db/open-database';
import { products } from '../../platform/db/schema';
import type { ImageEmbedder } from './embeddings';
import { type Logger, loggableError } from '../../platform/logger';
import type { NamedUrl } from '../../platform/safe-fetch';
import { columnsOf, contentHash, findExisting, productSummaries, storeImages } from './products-store';
import { ensureVectorIndex, vectorSupport } from './vector-store';

/**
 * Captured products: what the content script read from a page a user saved from, added to that
 * user's own corner of the catalogue (source `captured`, `owner_id` = the user) so their searches
 * cover shops they visited. Nobody else's search sees them (vector-store.ts `visibleTo`).
 *
 * One product per user and product link: adding it again updates it. Its image is fetched (through
 * the SSRF-safe fetcher) and embedded in the background, as imports do, so the request answers at
 * once; a product whose image is not embedded yet is found by keyword search meanwhile.
 */

/** The captured product lacks what a catalogue product needs. */
export class CapturedProductIncompleteError extends Error {
  override name = 'CapturedProductIncompleteError';
  constructor(readonly gaps: CapturedProductGap[]) {
    const lacks: Record<CapturedProductGap, string> = {
      price: 'no price',
      currency: 'no currency (an active ISO 4217 code such as EUR)',
      image: 'no http(s) image',
    };
    super(
      `The product cannot join your catalogue: it has ${gaps.map((gap) => lacks[gap]).join(', ')}. A catalogue product needs a price, a currency and an image.`,
    );
  }
}

/**
 * The URLs a captured product names, each with its field under `at`: its images, which the server
 * fetches, and its link. A request carrying one is refused, as a fetch of it would be, when it is sent.
 */
export const capturedProductUrls = (product: CapturedProduct, at = 'product'): NamedUrl[] => [
  ...(product.url ? [{ field: `${at}.url`, url: product.url }] : []),
  ...product.images.map((url, index) => ({ field: `${at}.images.${index}`, url })),
];

/** The product's link without its #fragment: the same product page however it was reached. */
const canonicalLink = (link: string) => link.replace(/#.*$/, '');

/** Per user and link: the unique key (source, source_id) then keeps users' copies of one product apart. */
const capturedSourceId = (ownerId: string, link: string) =>
  `${ownerId}:${createHash('sha256').update(link).digest('hex')}`;

const text = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);

/** The captured product as a catalogue product, or the gaps that keep it out. */
export function toCatalogProduct(
  ownerId: string,
  captured: CapturedProduct,
  pageUrl: string,
): Product | CapturedProductGap[] {
  const gaps = capturedProductGaps(captured);
  if (gaps.length > 0) return gaps;
  const images = captured.images.filter((url) => WebUrlSchema.safeParse(url).success);
  const link = canonicalLink(captured.url ?? pageUrl);
  const gtin = captured.gtin && GtinSchema.safeParse(captured.gtin).success ? captured.gtin : undefined; // pages get check digits wrong: drop, don't refuse
  return ProductSchema.parse({
    sourceId: capturedSourceId(ownerId, link),
    title: captured.name.trim() || captured.name,
    brand: text(captured.brand),
    link,
    imageUrl: images[0],
    additionalImageUrls: images.slice(1, 21),
    price: captured.price,
    currency: captured.currency,
    availability: captured.availability ?? 'unknown',
    ...(gtin ? { gtin } : {}),
    sku: text(captured.sku),
  });
}

const CONCURRENCY = 2;

export interface CapturedProductsOptions {
  embedder: ImageEmbedder;
  /** Fetches one product image through safeFetch (honouring LOUPE_FETCH_ALLOW_PRIVATE). */
  fetchImage: (url: string) => Promise<Uint8Array>;
  logger?: Logger;
}

export function createCapturedProducts(db: Database, { embedder, fetchImage, logger }: CapturedProductsOptions) {
  // Latest wins per product: a product updated twice before its image is embedded is embedded once, with its newest image.
  const waiting = new Map<string, string>();
  const running = new Set<Promise<void>>();

  /** The embedder's id when its model is installed; without one, images wait (adding the product again later embeds it). */
  function usableEmbedder(): string | undefined {
    try {
      void embedder.dimensions;
      return embedder.id;
    } catch {
      return undefined;
    }
  }

  async function embed(productId: string, url: string) {
    let update: Parameters<typeof storeImages>[1][number];
    let failure: unknown;
    try {
      const vector = await embedder.embedImage(await fetchImage(url));
      update = { productId, url, kind: 'embedded', vector };
    } catch (error) {
      failure = error;
      update = { productId, url, kind: 'failed', error: error instanceof Error ? error.message : String(error) };
    }
    const space =
      update.kind === 'embedded' ? { embedderId: embedder.id, dimensions: update.vector.length } : undefined;
    await db.transaction(async (tx) => {
      // The product may have been forgotten, or its image changed, while this ran: then leave it be.
      const [current] = await queryRows<{ url: string }>(
        tx as unknown as Database,
        sql`SELECT url FROM product_images WHERE product_id = ${productId}::uuid AND position = 0 FOR UPDATE`,
      );
      if (current?.url !== url) return;
      await storeImages(tx, [update], space, true);
    });
    if (space) await ensureVectorIndex(db, space);
    // The reason kept in the log is the failure's kind, not its message: that names the page's image host.
    if (failure !== undefined)
      logger?.info({ productId, failure: loggableError(failure) }, 'captured product image not embedded');
  }

  function pump() {
    for (const [productId, url] of waiting) {
      if (running.size >= CONCURRENCY) return;
      waiting.delete(productId);
      const task = embed(productId, url)
        .catch((error: unknown) =>
          logger?.warn({ failure: loggableError(error), productId }, 'captured product image embedding failed'),
        )
        .finally(() => {
          running.delete(task);
          pump();
        });
      running.add(task);
    }
  }

  return {
    /** Adds (or updates) the product in the user's catalogue. Throws CapturedProductIncompleteError. */
    async add(ownerId: string, captured: CapturedProduct, pageUrl: string): Promise<AddCapturedProductResult> {
      const product = toCatalogProduct(ownerId, captured, pageUrl);
      if (Array.isArray(product)) throw new CapturedProductIncompleteError(product);
      const hash = contentHash(product);
      const support = await vectorSupport(db);
      const embedderId = support.column ? usableEmbedder() : undefined;

      const { id, outcome, embedNeeded } = await db.transaction(async (tx) => {
        const before = (await findExisting(tx, CAPTURED_SOURCE, [product.sourceId])).get(product.sourceId);
        const now = new Date();
        const [row] = await tx
          .insert(products)
          .values({
            source: CAPTURED_SOURCE,
            sourceId: product.sourceId,
            ownerId,
            ...columnsOf(product),
            contentHash: hash,
            lastSeenAt: now,
            updatedAt: now,
          })
          .onConflictDoUpdate({
            target: [products.source, products.sourceId],
            set: {
              ...columnsOf(product),
              contentHash: hash,
              lastSeenAt: now,
              updatedAt: before?.contentHash === hash ? sql`${products.updatedAt}` : now,
            },
            // The source id embeds the owner, so a conflict is always the caller's own row; checked anyway.
            setWhere: eq(products.ownerId, ownerId),
          })
          .returning({ id: products.id });
        if (!row) throw new Error('captured product belongs to someone else'); // unreachable: the key holds the owner
        const sameImage = before?.imageUrl === product.imageUrl;
        if (!sameImage)
          await storeImages(
            tx,
            [{ productId: row.id, url: product.imageUrl, kind: 'pending' }],
            undefined,
            support.column,
          );
        return {
          id: row.id,
          outcome: !before
            ? ('created' as const)
            : before.contentHash === hash
              ? ('unchanged' as const)
              : ('updated' as const),
          embedNeeded: embedderId !== undefined && !(sameImage && before?.embedderId === embedderId),
        };
      });
      if (embedNeeded) {
        waiting.set(id, product.imageUrl);
        pump();
      }
      const summary = (await productSummaries(db, [id])).get(id)!;
      return { outcome, product: summary };
    },

    /** Removes every product the user captured ("forget what I captured"). Returns how many. */
    async forget(ownerId: string): Promise<number> {
      const removed = await db
        .delete(products)
        .where(and(eq(products.ownerId, ownerId), eq(products.source, CAPTURED_SOURCE)))
        .returning({ id: products.id });
      for (const { id } of removed) waiting.delete(id);
      return removed.length;
    },

    /** Waits for the image work in hand (tests, shutdown). */
    async idle(): Promise<void> {
      while (running.size > 0 || waiting.size > 0) {
        if (running.size === 0) pump();
        await Promise.all(running);
      }
    },

    async close(): Promise<void> {
      waiting.clear();
      await Promise.all(running);
    },
  };
}
export type CapturedProducts = ReturnType<typeof createCapturedProducts>;
