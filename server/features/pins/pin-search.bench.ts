import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { type DatabaseHandle, openDatabase, queryRows } from '../../platform/db/open-database';
import { createLogger } from '../../platform/logger';
import type { ImageEmbedder } from '../catalog';
import { benchSize, benchSmoke, onThrowawayPostgres } from '../../testing/bench-mode';
import { createPinSearch } from './pin-search';
import { createPinTableUpkeep } from './pin-table-upkeep';
import { createPinsRepository } from './pins.repository';

/**
 * Search your saves over one person's 10,000 pins: p50/p95 of words (text alone, and text fused
 * with meaning) and of "more like this", on the embedded database and, when a server is given
 * (LOUPE_BENCH_DATABASE_URL, else LOUPE_TEST_DATABASE_URL), on PostgreSQL. Vectors are 512-d
 * (CLIP's), structured (16 themes plus noise: uniformly random vectors are a pathological case);
 * the model's own time is left out (the embeddings benches measure it): the text tower here hands
 * back a prepared vector, so the figures are the search's. On PGlite, which runs no autovacuum,
 * words are timed before and after the pins table's upkeep (pin-table-upkeep.ts), with the plan's
 * use of the text index.
 */
const PINS = benchSize(10_000, 300);
const QUERIES = benchSize(200, 10);
const DIMENSIONS = 512;
const THEMES = 16;
const serverUrl = process.env.LOUPE_BENCH_DATABASE_URL ?? process.env.LOUPE_TEST_DATABASE_URL;

let seed = 42;
/** A fixed pseudo-random sequence (mulberry32), so every run measures the same data. */
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const WORDS = Array.from({ length: 300 }, (_, i) => `word${i.toString(36)}${'aeiou'[i % 5]}n`);
const words = (n: number) => Array.from({ length: n }, () => WORDS[Math.floor(random() * WORDS.length)]!);
const themes = Array.from({ length: THEMES }, () => Float32Array.from({ length: DIMENSIONS }, () => random() - 0.5));
function themedVector() {
  const theme = themes[Math.floor(random() * THEMES)]!;
  const v = theme.map((x) => x + (random() - 0.5) * 0.6);
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

async function seedPins(handle: DatabaseHandle) {
  const { db } = handle;
  const [user] = await queryRows<{ id: string }>(db, sql`INSERT INTO users (name) VALUES ('bench') RETURNING id`);
  const [board] = await queryRows<{ id: string }>(
    db,
    sql`INSERT INTO boards (user_id, name) VALUES (${user!.id}::uuid, 'Bench') RETURNING id`,
  );
  for (let start = 0; start < PINS; start += 250) {
    const rows = Array.from({ length: Math.min(250, PINS - start) }, (_, i) => {
      const n = start + i;
      return sql`(${user!.id}::uuid, ${board!.id}::uuid, ${`https://cdn.example/${n}.jpg`}, ${words(4).join(' ')}, ${words(3).join(' ')},
        ${`{${words(2).join(',')}}`}::text[], 'bench:fp32', now(), ${`[${themedVector().join(',')}]`}::vector)`;
    });
    await db.execute(
      sql`INSERT INTO pins (user_id, board_id, image_url, source_title, note, tags, embedder_id, embedded_at, embedding) VALUES ${sql.join(rows, sql`, `)}`,
    );
  }
  return { userId: user!.id };
}

/** A stand-in for the model: the search's own cost is measured, not the network's (see above). */
const preparedVectors = (textTower: boolean): ImageEmbedder => ({
  id: 'bench:fp32',
  dimensions: DIMENSIONS,
  hasTextTower: textTower,
  embedImage: async () => themedVector(),
  embedImages: async (batch) => batch.map(() => themedVector()),
  ...(textTower ? { embedText: async () => themedVector() } : {}),
  close: async () => {},
});

async function time(run: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(1);
  return `p50 ${at(50)} ms   p95 ${at(95)} ms`;
}

/** Whether the plan of the text half of search by words reads the GIN text index (pins_search_idx). */
async function usesTextIndex({ db }: DatabaseHandle, userId: string) {
  const plan = await queryRows<{ 'QUERY PLAN': string }>(
    db,
    sql`EXPLAIN SELECT p.id FROM pins p, websearch_to_tsquery('english', ${WORDS[7]!}) query
        WHERE p.user_id = ${userId}::uuid AND p.search_vector @@ query
        ORDER BY ts_rank_cd(p.search_vector, query, 32) DESC, p.seq DESC LIMIT 100`,
  );
  return plan.some((row) => row['QUERY PLAN'].includes('pins_search_idx')) ? 'yes' : 'no';
}

async function measure(title: string, env: { DATABASE_URL?: string }) {
  const handle = await openDatabase(
    env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL, dataDir: 'unused', poolSize: 4 } : { dataDir: 'memory://' },
  );
  try {
    const loading = performance.now();
    const { userId } = await seedPins(handle);
    console.log(
      `\n${title}: ${PINS} pins of one user loaded in ${((performance.now() - loading) / 1000).toFixed(1)} s`,
    );
    const pins = createPinsRepository(handle.db);
    const logger = createLogger('silent');
    const fetchImage = async () => new Uint8Array();
    const textOnly = createPinSearch(handle.db, { embedder: preparedVectors(false), pins, fetchImage, logger });
    const fused = createPinSearch(handle.db, { embedder: preparedVectors(true), pins, fetchImage, logger });
    const [somePin] = await queryRows<{ id: string }>(handle.db, sql`SELECT id FROM pins LIMIT 1`);
    if (handle.kind === 'pglite') {
      // Warm up first, so that "before" does not also measure the first queries' setup.
      for (let i = 0; i < 5; i++) await textOnly.byWords(userId, words(2).join(' '), 24);
      console.log(
        `  words, text alone, before upkeep  ${await time(() => textOnly.byWords(userId, words(2).join(' '), 24))}   text index used: ${await usesTextIndex(handle, userId)}`,
      );
      const started = performance.now();
      const ran = await createPinTableUpkeep(handle.db).refreshIfStale();
      console.log(
        `  upkeep (VACUUM ANALYZE pins): ${ran ? `ran in ${(performance.now() - started).toFixed(0)} ms` : 'not needed'}   text index used: ${await usesTextIndex(handle, userId)}`,
      );
    }
    console.log(`  words, text alone           ${await time(() => textOnly.byWords(userId, words(2).join(' '), 24))}`);
    console.log(`  words, text + meaning       ${await time(() => fused.byWords(userId, words(2).join(' '), 24))}`);
    console.log(`  more like this (a pin)      ${await time(() => fused.likePin(userId, somePin!.id, 24))}`);
  } finally {
    await handle.close();
  }
}

console.log(`Search your saves${benchSmoke ? ' (smoke run)' : ''}: ${QUERIES} queries each, 24 results`);
await measure('Embedded database (PGlite)', {});
await onThrowawayPostgres(serverUrl, measure);
