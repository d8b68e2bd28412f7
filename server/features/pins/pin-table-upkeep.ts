import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../platform/db/open-database';

/**
 * What autovacuum does for the pins table on PostgreSQL, done by hand on the embedded database.
 *
 * PGlite runs no autovacuum. Left alone, its planner never gets statistics for `pins`, and every pin
 * written since the last VACUUM waits in the text index's (`pins_search_idx`, GIN) unsorted pending
 * list, which each search reads whole and which makes the index look expensive. Search by words then
 * reads all of a person's pins and filters them, however rare the word. A plain ANALYZE is not
 * enough: only VACUUM (or autovacuum's own analyze) empties a GIN pending list.
 *
 * So, on PGlite only, `pins` is vacuumed and analysed when autovacuum would have done it: when more
 * rows were written since the last time than its thresholds allow, or when it never was. The callers
 * ask at the natural moments: at start and after the embeddings backfill (which rewrites every pin),
 * and after each new pin's background work.
 */

/** PostgreSQL's autovacuum defaults: 50 rows plus a share of the table. */
const BASE_THRESHOLD = 50;
const ANALYZE_SCALE = 0.1;
const VACUUM_INSERT_SCALE = 0.2;

interface PinTableStats {
  live: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
  neverVacuumed: boolean;
}

const embeddedCache = new WeakMap<Database, Promise<boolean>>();
/** Whether this database is PGlite (PostgreSQL servers run autovacuum themselves). */
function isEmbedded(db: Database): Promise<boolean> {
  let cached = embeddedCache.get(db);
  if (!cached) {
    cached = queryRows<{ pglite: boolean }>(db, sql`SELECT version() LIKE '%PGlite%' AS pglite`).then(([row]) =>
      Boolean(row?.pglite),
    );
    embeddedCache.set(db, cached);
  }
  return cached;
}

async function pinTableStats(db: Database): Promise<PinTableStats | undefined> {
  // This backend's own counts reach the statistics at most once a second: flush them first.
  await db.execute(sql`SELECT pg_stat_force_next_flush()`);
  const [row] = await queryRows<{ live: number; modified: number; inserted: number; never: boolean }>(
    db,
    sql`SELECT n_live_tup::int AS live, n_mod_since_analyze::int AS modified, n_ins_since_vacuum::int AS inserted,
               (last_vacuum IS NULL AND last_autovacuum IS NULL) AS never
        FROM pg_stat_user_tables WHERE relid = 'pins'::regclass`,
  );
  return (
    row && {
      live: row.live,
      modifiedSinceAnalyze: row.modified,
      insertedSinceVacuum: row.inserted,
      neverVacuumed: row.never,
    }
  );
}

/** Whether autovacuum would have vacuumed or analysed the table by now. */
export function pinTableIsStale({ live, modifiedSinceAnalyze, insertedSinceVacuum, neverVacuumed }: PinTableStats) {
  return (
    (neverVacuumed && live > 0) ||
    modifiedSinceAnalyze > BASE_THRESHOLD + ANALYZE_SCALE * live ||
    insertedSinceVacuum > BASE_THRESHOLD + VACUUM_INSERT_SCALE * live
  );
}

export function createPinTableUpkeep(db: Database) {
  let running: Promise<boolean> | undefined;

  async function refresh(): Promise<boolean> {
    if (!(await isEmbedded(db))) return false;
    const stats = await pinTableStats(db);
    if (!stats || !pinTableIsStale(stats)) return false;
    await db.execute(sql`VACUUM ANALYZE pins`);
    return true;
  }

  return {
    /**
     * Vacuums and analyses `pins` when it needs it (PGlite only); one run at a time, and a call
     * during a run shares it. Resolves with whether it ran.
     */
    refreshIfStale(): Promise<boolean> {
      return (running ??= refresh().finally(() => (running = undefined)));
    },
  };
}
export type PinTableUpkeep = ReturnType<typeof createPinTableUpkeep>;
