import { createHash } from 'node:crypto';
import { and, eq, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import type { Availability, Product, ProductFilters, ProductSummary } from '../../../utils/contract';
import { type Database, queryRows } from '../../platform/db/open-database';
import { productImages, products } from '../../platform/db/schema';
import { filterConditions, toVectorText, type VectorSpace, visibleTo } from './vector-store';

type Executor = Pick<Database, 'execute' | 'select' | 'insert' | 'update' | 'delete'>;

/** The fields a product's content hash covers, in a fixed order: a re-import rewrites a product only when one changes. */
const HASHED_FIELDS = [
  'title',
  'brand',
  'description',
  'link',
  'imageUrl',
  'additionalImageUrls',
  'price',
  'salePrice',
  'currency',
  'availability',
  'gtin',
  'mpn',
  'sku',
  'itemGroupId',
  'color',
  'size',
  'googleProductCategory',
] as const satisfies readonly (keyof Product)[];

export function contentHash(product: Product): string {
  const values = HASHED_FIELDS.map((field) => product[field] ?? null);
  return createHash('sha256').update(JSON.stringify(values)).digest('hex');
}

export interface ExistingProduct {
  id: string;
  sourceId: string;
  contentHash: string;
  imageUrl: string | null;
  embedderId: string | null;
}

/** What the store knows of these products of a source, with their main image. */
export async function findExisting(
  db: Executor,
  source: string,
  sourceIds: string[],
): Promise<Map<string, ExistingProduct>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db
    .select({
      id: products.id,
      sourceId: products.sourceId,
      contentHash: products.contentHash,
      imageUrl: productImages.url,
      embedderId: productImages.embedderId,
    })
    .from(products)
    .leftJoin(productImages, and(eq(productImages.productId, products.id), eq(productImages.position, 0)))
    .where(and(eq(products.source, source), inArray(products.sourceId, sourceIds)));
  return new Map(rows.map((row) => [row.sourceId, row]));
}

export const columnsOf = (product: Product) => ({
  title: product.title,
  brand: product.brand ?? null,
  description: product.description ?? null,
  link: product.link,
  imageUrl: product.imageUrl,
  additionalImageUrls: product.additionalImageUrls,
  price: product.price,
  salePrice: product.salePrice ?? null,
  currency: product.currency,
  availability: product.availability,
  gtin: product.gtin ?? null,
  mpn: product.mpn ?? null,
  sku: product.sku ?? null,
  itemGroupId: product.itemGroupId ?? null,
  color: product.color ?? null,
  size: product.size ?? null,
  googleProductCategory: product.googleProductCategory ?? null,
});

/**
 * Inserts or updates products of one source, marking them seen by `importId`.
 * Unchanged products (same content hash) only get their last-seen marks.
 * `ownerId` puts them in one user's catalogue (a followed shop), null in the shared one.
 * Returns each product's id by source id.
 */
export async function upsertProducts(
  db: Executor,
  source: string,
  importId: string,
  batch: Product[],
  ownerId: string | null = null,
): Promise<Map<string, string>> {
  if (batch.length === 0) return new Map();
  const now = new Date();
  const rows = await db
    .insert(products)
    .values(
      batch.map((product) => ({
        source,
        sourceId: product.sourceId,
        ownerId,
        ...columnsOf(product),
        contentHash: contentHash(product),
        lastImportId: importId,
        lastSeenAt: now,
        updatedAt: now,
      })),
    )
    .onConflictDoUpdate({
      target: [products.source, products.sourceId],
      set: {
        ...Object.fromEntries(
          Object.keys(columnsOf(batch[0]!)).map((key) => [key, sql.raw(`excluded.${toSnake(key)}`)]),
        ),
        contentHash: sql`excluded.content_hash`,
        lastImportId: sql`excluded.last_import_id`,
        lastSeenAt: sql`excluded.last_seen_at`,
        updatedAt: sql`CASE WHEN ${products.contentHash} = excluded.content_hash THEN ${products.updatedAt} ELSE excluded.updated_at END`,
      },
    })
    .returning({ id: products.id, sourceId: products.sourceId });
  return new Map(rows.map((row) => [row.sourceId, row.id]));
}

const toSnake = (key: string) => key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);

export type ImageUpdate =
  | { productId: string; url: string; kind: 'embedded'; vector: Float32Array }
  | { productId: string; url: string; kind: 'failed'; error: string }
  /** The image is new or changed but is not embedded (embedding off, or no pgvector). */
  | { productId: string; url: string; kind: 'pending' };

/** Writes main-image rows; the vector goes in only where the embedding column exists. */
export async function storeImages(
  db: Executor,
  updates: ImageUpdate[],
  space: VectorSpace | undefined,
  hasVectorColumn: boolean,
): Promise<void> {
  if (updates.length === 0) return;
  const values = updates.map((update) => {
    const embedded = update.kind === 'embedded' && space;
    const vector = embedded ? sql`${toVectorText(update.vector)}::vector` : sql`NULL::vector`;
    const base = sql`${update.productId}::uuid, 0, ${update.url}, ${embedded ? space.embedderId : null}::text, ${embedded ? space.dimensions : null}::integer, ${embedded ? sql`now()` : sql`NULL::timestamptz`}, ${update.kind === 'failed' ? update.error.slice(0, 1000) : null}::text`;
    return hasVectorColumn ? sql`(${base}, ${vector})` : sql`(${base})`;
  });
  const columns = hasVectorColumn
    ? sql.raw('(product_id, position, url, embedder_id, dimensions, embedded_at, error, embedding)')
    : sql.raw('(product_id, position, url, embedder_id, dimensions, embedded_at, error)');
  const set = hasVectorColumn
    ? sql.raw(
        'url = excluded.url, embedder_id = excluded.embedder_id, dimensions = excluded.dimensions, embedded_at = excluded.embedded_at, error = excluded.error, embedding = excluded.embedding',
      )
    : sql.raw(
        'url = excluded.url, embedder_id = excluded.embedder_id, dimensions = excluded.dimensions, embedded_at = excluded.embedded_at, error = excluded.error',
      );
  await db.execute(
    sql`INSERT INTO product_images ${columns} VALUES ${sql.join(values, sql`, `)} ON CONFLICT (product_id, position) DO UPDATE SET ${set}`,
  );
}

/**
 * Removes a source's products the given import did not see: they left the feed. Returns how many.
 * Only the products of the import's owner (the shared catalogue when null): a feed never removes
 * what users captured, whatever its name.
 */
export async function removeUnseen(
  db: Executor,
  source: string,
  importId: string,
  ownerId: string | null = null,
): Promise<number> {
  const removed = await db
    .delete(products)
    .where(
      and(
        eq(products.source, source),
        ownerId === null ? isNull(products.ownerId) : eq(products.ownerId, ownerId),
        or(isNull(products.lastImportId), ne(products.lastImportId, importId)),
      ),
    )
    .returning({ id: products.id });
  return removed.length;
}

interface SummaryRow {
  id: string;
  title: string;
  brand: string | null;
  price: string;
  sale_price: string | null;
  currency: string;
  availability: string;
  link: string;
  image_url: string;
  source: string;
}

const summaryColumns = sql.raw(
  'p.id, p.title, p.brand, p.price::text AS price, p.sale_price::text AS sale_price, p.currency, p.availability, p.link, p.image_url, p.source',
);

const toSummary = (row: SummaryRow): ProductSummary => ({
  id: row.id,
  title: row.title,
  brand: row.brand,
  price: row.sale_price ?? row.price,
  currency: row.currency,
  availability: row.availability as Availability,
  link: row.link,
  imageUrl: row.image_url,
  source: row.source,
});

/** Products by id, for search results (in no particular order). */
export async function productSummaries(db: Database, ids: string[]): Promise<Map<string, ProductSummary>> {
  if (ids.length === 0) return new Map();
  const rows = await queryRows<SummaryRow>(
    db,
    sql`SELECT ${summaryColumns} FROM products p WHERE p.id IN (${sql.join(
      ids.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  return new Map(rows.map((row) => [row.id, toSummary(row)]));
}

/**
 * Full-text search over title (weight A), brand (B) and description (C).
 * `score` is ts_rank_cd scaled into 0..1 (rank / (rank + 1)).
 */
export async function searchText(
  db: Database,
  q: string,
  { k, filters = {}, viewerId }: { k: number; filters?: ProductFilters; viewerId?: string },
): Promise<{ productId: string; score: number }[]> {
  const conditions = [sql`p.search_vector @@ query`, visibleTo(viewerId), ...filterConditions(filters)];
  const rows = await queryRows<{ id: string; rank: number }>(
    db,
    sql`SELECT p.id, ts_rank_cd(p.search_vector, query, 32) AS rank
        FROM products p, websearch_to_tsquery('english', ${q}) query
        WHERE ${sql.join(conditions, sql` AND `)}
        ORDER BY rank DESC, p.id
        LIMIT ${k}`,
  );
  return rows.map((row) => ({ productId: row.id, score: Number(row.rank) }));
}
