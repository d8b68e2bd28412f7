import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../platform/db/open-database';

/**
 * Pins' image vectors in `pins.embedding` (migration 0006: an untyped pgvector column, only where
 * pgvector exists). Each vector is stored with the id of the embedder that made it, and every query
 * names that id, so vectors of different models are never compared. Queries are always one user's
 * pins, scanned exactly: a person's saves are thousands, not millions, and an exact scan needs no
 * index that other people's pins would crowd.
 */

const columnCache = new WeakMap<Database, Promise<boolean>>();

/** Whether pins can hold vectors here (pgvector installed and the column added). */
export function pinVectorsSupported(db: Database): Promise<boolean> {
  let cached = columnCache.get(db);
  if (!cached) {
    cached = queryRows<{ present: boolean }>(
      db,
      sql`SELECT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'pins' AND column_name = 'embedding') AS present`,
    ).then(([row]) => Boolean(row?.present));
    cached.catch(() => columnCache.delete(db));
    columnCache.set(db, cached);
  }
  return cached;
}

const vectorText = (vector: Float32Array) => `[${Array.from(vector).join(',')}]`;
const parseVector = (text: string) => Float32Array.from(JSON.parse(text) as number[]);

export async function storePinVector(db: Database, pinId: string, embedderId: string, vector: Float32Array) {
  await db.execute(
    sql`UPDATE pins SET embedding = ${vectorText(vector)}::vector, embedder_id = ${embedderId}, embedded_at = now(), embed_error = NULL
        WHERE id = ${pinId}::uuid`,
  );
}

/** The embedder looked and could not: the pin is not tried again with this embedder (a new model tries anew). */
export async function storePinEmbedError(db: Database, pinId: string, embedderId: string, error: string) {
  await db.execute(
    sql`UPDATE pins SET embedding = NULL, embedder_id = ${embedderId}, embedded_at = now(), embed_error = ${error.slice(0, 500)}
        WHERE id = ${pinId}::uuid`,
  );
}

/** Pins this embedder has not looked at yet, oldest first (the backfill's work list). */
export function pinsToEmbed(db: Database, embedderId: string, limit: number) {
  return queryRows<{ id: string; image_url: string }>(
    db,
    sql`SELECT id, image_url FROM pins WHERE embedder_id IS DISTINCT FROM ${embedderId} ORDER BY seq LIMIT ${limit}`,
  );
}

export interface PinHit {
  pinId: string;
  /** Cosine similarity. */
  similarity: number;
}

/** The user's k pins nearest `vector`, closest first. */
export async function nearestPins(
  db: Database,
  userId: string,
  embedderId: string,
  vector: Float32Array,
  { k, except }: { k: number; except?: string },
): Promise<PinHit[]> {
  const rows = await queryRows<{ id: string; distance: number }>(
    db,
    sql`WITH q AS MATERIALIZED (SELECT ${vectorText(vector)}::vector AS v)
        SELECT id, embedding <=> (SELECT v FROM q) AS distance
        FROM pins
        WHERE user_id = ${userId}::uuid AND embedder_id = ${embedderId} AND embedding IS NOT NULL
          ${except ? sql`AND id <> ${except}::uuid` : sql``}
        ORDER BY distance, seq DESC
        LIMIT ${k}`,
  );
  return rows.map((row) => ({ pinId: row.id, similarity: 1 - Number(row.distance) }));
}

/** One of the user's pins' vector, when this embedder has made one. */
export async function pinVector(db: Database, userId: string, pinId: string, embedderId: string) {
  const [row] = await queryRows<{ embedding: string }>(
    db,
    sql`SELECT embedding::text AS embedding FROM pins
        WHERE user_id = ${userId}::uuid AND id = ${pinId}::uuid AND embedder_id = ${embedderId} AND embedding IS NOT NULL`,
  );
  return row && parseVector(row.embedding);
}

/**
 * A board's newest `limit` pins with vectors from this embedder, and how many of its pins this
 * embedder has not looked at yet. Undefined when the user has no such board.
 */
export async function boardPinVectors(
  db: Database,
  userId: string,
  boardId: string,
  embedderId: string,
  limit: number,
) {
  const [board] = await queryRows<{ pending: number }>(
    db,
    sql`SELECT (SELECT count(*)::int FROM pins WHERE board_id = b.id AND embedder_id IS DISTINCT FROM ${embedderId}) AS pending
        FROM boards b WHERE b.id = ${boardId}::uuid AND b.user_id = ${userId}::uuid`,
  );
  if (!board) return undefined;
  const rows = await queryRows<{ id: string; embedding: string }>(
    db,
    sql`SELECT id, embedding::text AS embedding FROM pins
        WHERE board_id = ${boardId}::uuid AND user_id = ${userId}::uuid AND embedder_id = ${embedderId} AND embedding IS NOT NULL
        ORDER BY seq DESC LIMIT ${limit}`,
  );
  return { pins: rows.map((row) => ({ pinId: row.id, vector: parseVector(row.embedding) })), pending: board.pending };
}

/** The user's pins whose text matches the words (websearch syntax: "quoted phrases", -not, or), best first. */
export async function pinsMatchingWords(db: Database, userId: string, q: string, k: number): Promise<string[]> {
  const rows = await queryRows<{ id: string }>(
    db,
    sql`SELECT p.id FROM pins p, websearch_to_tsquery('english', ${q}) query
        WHERE p.user_id = ${userId}::uuid AND p.search_vector @@ query
        ORDER BY ts_rank_cd(p.search_vector, query, 32) DESC, p.seq DESC
        LIMIT ${k}`,
  );
  return rows.map((row) => row.id);
}
