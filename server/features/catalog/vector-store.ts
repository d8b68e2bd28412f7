import { createHash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { ProductFilters } from '../../../utils/contract';
import { type Database, queryRows } from '../../platform/db/open-database';

/**
 * Product image vectors in pgvector.
 *
 * Design: `product_images.embedding` is an untyped `vector` column (migration
 * 0004 adds it only where pgvector exists), with `embedder_id` and
 * `dimensions` beside each vector. The dimension is the model's (512 for CLIP
 * ViT-B/32, 1280 for the test MobileNetV2), and several models' vectors may
 * coexist while a catalogue is re-embedded, so a typed `vector(512)` column
 * would not do. HNSW needs a fixed dimension, so each embedder gets its own
 * partial expression index, created at first use:
 *
 *   CREATE INDEX product_images_hnsw_<hash of id> ON product_images
 *     USING hnsw ((embedding::vector(D)) vector_cosine_ops) WITH (m = 16, ef_construction = 64)
 *     WHERE embedder_id = '<id>';
 *
 * Every query filters on `embedder_id = '<id>'` (so vectors of different
 * models are never compared) and orders by the same expression, which is what
 * lets the planner use that index. The id is inlined as a literal (checked
 * against a strict pattern) because a partial index only matches a predicate
 * the planner can see.
 */

/** Embedder ids are `<model id>:<dtype>`: letters, digits and . _ - / : only. */
const EMBEDDER_ID = /^[A-Za-z0-9._/:-]{1,200}$/;

export class PgvectorMissingError extends Error {
  override name = 'PgvectorMissingError';
  constructor() {
    super(
      'Similar-product search needs the pgvector extension, which this PostgreSQL server does not have. ' +
        'Install pgvector on the server (https://github.com/pgvector/pgvector), then run: CREATE EXTENSION vector; ALTER TABLE product_images ADD COLUMN embedding vector; ' +
        'or use the embedded database, which includes it.',
    );
  }
}

export interface VectorSpace {
  embedderId: string;
  dimensions: number;
}

function checkSpace({ embedderId, dimensions }: VectorSpace) {
  if (!EMBEDDER_ID.test(embedderId)) throw new Error(`unexpected embedder id "${embedderId}"`);
  if (!Number.isInteger(dimensions) || dimensions < 1 || dimensions > 2000)
    throw new Error(`HNSW indexes support 1 to 2000 dimensions, not ${dimensions}`);
}

const literal = (value: string) => sql.raw(`'${value.replaceAll("'", "''")}'`);
export const indexName = (embedderId: string) =>
  `product_images_hnsw_${createHash('sha256').update(embedderId).digest('hex').slice(0, 16)}`;

/** The indexed expression for a space: `embedding::vector(D)`. */
const typedEmbedding = (space: VectorSpace, alias = 'pi') => sql.raw(`${alias}.embedding::vector(${space.dimensions})`);
export const vectorParam = (vector: Float32Array, dimensions: number) =>
  sql`${toVectorText(vector)}::vector(${sql.raw(String(dimensions))})`;
export const toVectorText = (vector: Float32Array) => `[${Array.from(vector).join(',')}]`;

interface VectorSupport {
  column: boolean;
  /** hnsw.iterative_scan exists from pgvector 0.8: filtered searches keep scanning until they have enough rows. */
  iterativeScan: boolean;
}
const supportCache = new WeakMap<Database, Promise<VectorSupport>>();
const indexCache = new WeakMap<Database, Set<string>>();

/** Whether this database can store vectors (pgvector installed and the embedding column there). */
export function vectorSupport(db: Database): Promise<VectorSupport> {
  let cached = supportCache.get(db);
  if (!cached) {
    cached = (async () => {
      const [row] = await queryRows<{ column: boolean; version: string | null }>(
        db,
        sql`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'product_images' AND column_name = 'embedding') AS "column",
                   (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version`,
      );
      const [major = 0, minor = 0] = (row?.version ?? '0.0').split('.').map(Number);
      return { column: Boolean(row?.column), iterativeScan: major > 0 || minor >= 8 };
    })();
    cached.catch(() => supportCache.delete(db));
    supportCache.set(db, cached);
  }
  return cached;
}

export async function requireVectors(db: Database): Promise<VectorSupport> {
  const support = await vectorSupport(db);
  if (!support.column) throw new PgvectorMissingError();
  return support;
}

/** Creates the embedder's HNSW index unless it exists. Build it after a bulk load: that is much faster than growing it row by row. */
export async function ensureVectorIndex(db: Database, space: VectorSpace): Promise<void> {
  checkSpace(space);
  const name = indexName(space.embedderId);
  const known = indexCache.get(db) ?? new Set<string>();
  indexCache.set(db, known);
  if (known.has(name)) return;
  await requireVectors(db);
  try {
    await db.execute(
      sql.raw(
        `CREATE INDEX IF NOT EXISTS ${name} ON product_images USING hnsw ((embedding::vector(${space.dimensions})) vector_cosine_ops) ` +
          `WITH (m = 16, ef_construction = 64) WHERE embedder_id = '${space.embedderId}'`,
      ),
    );
  } catch (error) {
    // Another server created it at the same moment: that is what we wanted.
    if (!(await hasVectorIndex(db, space.embedderId))) throw error;
  }
  known.add(name);
}

export async function hasVectorIndex(db: Database, embedderId: string): Promise<boolean> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`SELECT 1 AS n FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ${indexName(embedderId)}`,
  );
  return rows.length > 0;
}

/** SQL conditions on products (alias `p`) for the search filters. Prices compare the price a buyer pays (the sale price when on sale). */
export function filterConditions(filters: ProductFilters): SQL[] {
  const conditions: SQL[] = [];
  const paid = sql`coalesce(p.sale_price, p.price)`;
  if (filters.minPrice !== undefined) conditions.push(sql`${paid} >= ${filters.minPrice}::numeric`);
  if (filters.maxPrice !== undefined) conditions.push(sql`${paid} <= ${filters.maxPrice}::numeric`);
  if (filters.currency !== undefined) conditions.push(sql`p.currency = ${filters.currency}`);
  if (filters.availability !== undefined) conditions.push(sql`p.availability = ${filters.availability}`);
  if (filters.brand !== undefined) conditions.push(sql`lower(p.brand) = lower(${filters.brand})`);
  if (filters.source !== undefined) conditions.push(sql`p.source = ${filters.source}`);
  return conditions;
}

/**
 * Which products a searcher may see: the shared catalogue (no owner) and their own captured
 * products. Without a viewer, the shared catalogue only: the safe default for tools and benches.
 */
export function visibleTo(viewerId: string | undefined): SQL {
  return viewerId === undefined ? sql`p.owner_id IS NULL` : sql`(p.owner_id IS NULL OR p.owner_id = ${viewerId}::uuid)`;
}

export interface VectorHit {
  productId: string;
  /** Cosine similarity, exact. */
  score: number;
}

/**
 * The k products whose images are nearest `vector`: HNSW candidates (in a
 * short transaction, so `SET LOCAL hnsw.ef_search` applies to this query
 * only), then an exact cosine re-ranking of those candidates, one hit per
 * product.
 */
export async function searchByVector(
  db: Database,
  space: VectorSpace,
  vector: Float32Array,
  {
    k,
    filters = {},
    candidates,
    viewerId,
  }: { k: number; filters?: ProductFilters; candidates?: number; viewerId?: string },
): Promise<VectorHit[]> {
  checkSpace(space);
  if (vector.length !== space.dimensions)
    throw new Error(`query vector has ${vector.length} dimensions, the space ${space.dimensions}`);
  const support = await requireVectors(db);
  // 64 candidates (and ef_search) at least: on the 100k benchmark it costs no measurable time over 40 and lifts recall on hard data.
  const limit = Math.min(1000, candidates ?? Math.max(64, k * 4));
  const q = vectorParam(vector, space.dimensions);
  const expression = typedEmbedding(space);
  const where = sql.join(
    [sql`pi.embedder_id = ${literal(space.embedderId)}`, visibleTo(viewerId), ...filterConditions(filters)],
    sql` AND `,
  );
  return db.transaction(async (tx) => {
    await tx.execute(sql.raw(`SET LOCAL hnsw.ef_search = ${Math.max(40, limit)}`));
    // Visibility is a filter too: other users' captured products near the query must not starve the
    // caller's results, so the scan continues past them (pgvector 0.8+) whenever anyone has captured products.
    if (support.iterativeScan && (Object.keys(filters).length > 0 || viewerId !== undefined))
      await tx.execute(sql.raw(`SET LOCAL hnsw.iterative_scan = relaxed_order`));
    // The query vector is parsed once (q); the index scan takes it as an InitPlan parameter.
    // Candidates come from the HNSW index in (approximately) distance order; the outer query
    // re-ranks them by their exact cosine distance and keeps each product's best image.
    const rows = await queryRows<{ product_id: string; distance: number }>(
      tx as unknown as Database,
      sql`WITH q AS MATERIALIZED (SELECT ${q} AS v),
          candidates AS MATERIALIZED (
            SELECT pi.product_id, ${expression} <=> (SELECT v FROM q) AS distance
            FROM product_images pi JOIN products p ON p.id = pi.product_id
            WHERE ${where}
            ORDER BY ${expression} <=> (SELECT v FROM q)
            LIMIT ${limit}
          )
          SELECT product_id, min(distance) AS distance
          FROM candidates
          GROUP BY product_id
          ORDER BY distance ASC, product_id
          LIMIT ${k}`,
    );
    return rows.map((row) => ({ productId: row.product_id, score: 1 - Number(row.distance) }));
  });
}
