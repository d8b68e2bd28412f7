import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { type DatabaseHandle, queryRows } from '../../platform/db/open-database';
import { createTestApp } from '../../testing/test-app';
import { pgliteTestDatabase, postgresTestDatabase } from '../../testing/test-databases';
import { createPinTableUpkeep, pinTableIsStale } from './pin-table-upkeep';
import { pinsMatchingWords } from './pin-vectors';

/** One person's `count` pins, each with a word of its own in its note ("number17") and a shared title. */
async function seedPins(handle: DatabaseHandle, count: number) {
  const { db } = handle;
  const [user] = await queryRows<{ id: string }>(db, sql`INSERT INTO users (name) VALUES ('ada') RETURNING id`);
  const [board] = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO boards (user_id, name) VALUES (${user!.id}::uuid, 'Chairs') RETURNING id`,
  );
  await db.execute(
    sql`INSERT INTO pins (user_id, board_id, image_url, note, source_title)
        SELECT ${user!.id}::uuid, ${board!.id}::uuid, 'https://cdn.example/' || n || '.jpg', 'chair number' || n, 'linen ' || (n % 97)
        FROM generate_series(1, ${count}) n`,
  );
  return user!.id;
}

/** The plan of the text half of search by words, as pinsMatchingWords asks it. */
async function wordsPlan(handle: DatabaseHandle, userId: string, q: string) {
  const rows = await queryRows<{ 'QUERY PLAN': string }>(
    handle.db,
    sql`EXPLAIN SELECT p.id FROM pins p, websearch_to_tsquery('english', ${q}) query
        WHERE p.user_id = ${userId}::uuid AND p.search_vector @@ query
        ORDER BY ts_rank_cd(p.search_vector, query, 32) DESC, p.seq DESC LIMIT 100`,
  );
  return rows.map((row) => row['QUERY PLAN']).join('\n');
}

describe('pins table upkeep on PGlite (no autovacuum there)', { timeout: 60_000 }, () => {
  let handle: DatabaseHandle | undefined;
  afterEach(async () => {
    await handle?.close();
    handle = undefined;
  });

  it('after bulk inserts, search by words reads the text index instead of every pin of the person', async () => {
    handle = await pgliteTestDatabase.open();
    const userId = await seedPins(handle, 2000);
    const before = await wordsPlan(handle, userId, 'number17');
    // Unvacuumed, the GIN index looks dear: the person's pins are all read and filtered.
    expect(before).not.toContain('pins_search_idx');

    const upkeep = createPinTableUpkeep(handle.db);
    expect(await upkeep.refreshIfStale()).toBe(true);
    const after = await wordsPlan(handle, userId, 'number17');
    expect(after).toMatch(/Bitmap Index Scan on pins_search_idx/);
    // The answer is the same, of course.
    expect(await pinsMatchingWords(handle.db, userId, 'number17', 10)).toHaveLength(1);

    // Nothing written since: nothing to do.
    expect(await upkeep.refreshIfStale()).toBe(false);
  });

  it('the server’s start (the embeddings backfill, here with no model) brings it up to date', async () => {
    const t = await createTestApp(pgliteTestDatabase);
    try {
      const userId = await seedPins(t.deps.database, 2000);
      expect(await wordsPlan(t.deps.database, userId, 'number17')).not.toContain('pins_search_idx');
      expect(await t.deps.pinEmbeddings.backfill()).toBe(0);
      expect(await wordsPlan(t.deps.database, userId, 'number17')).toMatch(/Bitmap Index Scan on pins_search_idx/);
    } finally {
      await t.close();
    }
  });

  it('concurrent asks share one run', async () => {
    handle = await pgliteTestDatabase.open();
    await seedPins(handle, 100);
    const upkeep = createPinTableUpkeep(handle.db);
    const runs = await Promise.all([upkeep.refreshIfStale(), upkeep.refreshIfStale()]);
    expect(runs).toEqual([true, true]);
    expect(await upkeep.refreshIfStale()).toBe(false);
  });

  it('an empty table needs nothing', async () => {
    handle = await pgliteTestDatabase.open();
    expect(await createPinTableUpkeep(handle.db).refreshIfStale()).toBe(false);
  });
});

describe.skipIf(!postgresTestDatabase.available)('pins table upkeep on PostgreSQL', () => {
  it('leaves the table to autovacuum', async () => {
    const handle = await postgresTestDatabase.open();
    try {
      await seedPins(handle, 500);
      expect(await createPinTableUpkeep(handle.db).refreshIfStale()).toBe(false);
    } finally {
      await handle.close();
    }
  });
});

describe('when autovacuum would run', () => {
  const stats = { live: 1000, modifiedSinceAnalyze: 0, insertedSinceVacuum: 0, neverVacuumed: false };
  it('past its thresholds, or never vacuumed with rows', () => {
    expect(pinTableIsStale(stats)).toBe(false);
    expect(pinTableIsStale({ ...stats, modifiedSinceAnalyze: 150 })).toBe(false);
    expect(pinTableIsStale({ ...stats, modifiedSinceAnalyze: 151 })).toBe(true);
    expect(pinTableIsStale({ ...stats, insertedSinceVacuum: 251 })).toBe(true);
    expect(pinTableIsStale({ ...stats, neverVacuumed: true })).toBe(true);
    expect(pinTableIsStale({ ...stats, live: 0, neverVacuumed: true })).toBe(false);
  });
});
