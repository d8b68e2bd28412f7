/**
 * Similar search over 100,000 products on the embedded database (PGlite with pgvector) and, beside
 * it, on a native PostgreSQL server with pgvector (LOUPE_BENCH_DATABASE_URL, else
 * LOUPE_TEST_DATABASE_URL; the bench creates a database there and drops it; unset, that half is
 * skipped, saying so):
 *
 *   npx tsx server/features/catalog/vector-search.bench.ts [--products 100000] [--queries 200] [--clusters 2000]
 *
 * `npm run bench` passes no flags: LOUPE_BENCH_VECTOR_PRODUCTS and LOUPE_BENCH_VECTOR_QUERIES set
 * the sizes there (a few hundred products make a smoke run of seconds; the full size takes minutes
 * per database, most of it PGlite's HNSW build).
 *
 * Vectors are synthetic but structured like image embeddings: 512-d, a
 * low-rank signal (64 directions with decaying weights) plus isotropic noise,
 * L2-normalised. By default products also form clusters (2,000 "kinds of
 * product", each a centre in that space with its items spread around it), as
 * catalogues do; `--clusters 0` draws every vector from the one low-rank
 * Gaussian instead, a harder case for any graph index. Queries are fresh
 * draws from the same distribution. Loads them with COPY, then builds the HNSW index
 * (m = 16, ef_construction = 64) through the same code the server uses, and
 * measures searchByVector (HNSW candidates + exact re-ranking) for p50/p95
 * latency and recall@10 against exact search. Target: p95 ≤ 20 ms at
 * recall@10 ≥ 0.95. Needs no model or fixtures. Both databases get the same
 * vectors and queries; on PostgreSQL the latency includes node-postgres's round
 * trips over loopback (the transaction with its SET LOCALs), as the server pays them.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { type Database, openDatabase, queryRows } from '../../platform/db/open-database';
import * as schema from '../../platform/db/schema';
import { ensureVectorIndex, searchByVector, type VectorSpace } from './vector-store';

const SMOKE = process.env.LOUPE_BENCH_SMOKE === '1'; // npm run bench -- --smoke: a tiny size (server/testing/bench-mode.ts)
const { values } = parseArgs({
  options: {
    products: { type: 'string', default: process.env.LOUPE_BENCH_VECTOR_PRODUCTS ?? (SMOKE ? '2000' : '100000') },
    queries: { type: 'string', default: process.env.LOUPE_BENCH_VECTOR_QUERIES ?? (SMOKE ? '20' : '200') },
    clusters: { type: 'string', default: SMOKE ? '20' : '2000' },
  },
});
const serverUrl = process.env.LOUPE_BENCH_DATABASE_URL ?? process.env.LOUPE_TEST_DATABASE_URL;
const CLUSTERS = Number(values.clusters);
/** How far items spread around their cluster centre, relative to the spread of the centres. */
const SPREAD = 0.45;
const N = Number(values.products);
const Q = Number(values.queries);
if (!Number.isInteger(N) || N < 10 || !Number.isInteger(Q) || Q < 1)
  throw new Error(`products (${values.products}) must be an integer ≥ 10 and queries (${values.queries}) ≥ 1`);
const D = 512;
const RANK = 64;
const K = 10;
const space: VectorSpace = { embedderId: 'bench/synthetic-512:fp32', dimensions: D };

/** Deterministic standard normals (mulberry32 + Box-Muller), so runs are comparable. */
function normals(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(uniform() || 1e-12)) * Math.cos(2 * Math.PI * uniform());
}

const gauss = normals(42);
const basis = Array.from({ length: RANK }, () => Float32Array.from({ length: D }, () => gauss() / Math.sqrt(D)));
const weights = Array.from({ length: RANK }, (_, i) => 1 / Math.sqrt(1 + i / 4));
const NOISE = 0.35;

/** Low-rank coordinates: cluster centres, and each item's position. */
const centres = Array.from({ length: CLUSTERS }, () =>
  Float32Array.from({ length: RANK }, (_, r) => gauss() * weights[r]!),
);

function sample(into: Float32Array) {
  into.fill(0);
  const centre = CLUSTERS > 0 ? centres[Math.floor(Math.abs(gauss() * 1e6)) % CLUSTERS]! : undefined;
  for (let r = 0; r < RANK; r++) {
    const z = centre ? centre[r]! + SPREAD * gauss() * weights[r]! : gauss() * weights[r]!;
    const b = basis[r]!;
    for (let d = 0; d < D; d++) into[d]! += z * b[d]!;
  }
  let norm = 0;
  for (let d = 0; d < D; d++) {
    into[d]! += (NOISE * gauss()) / Math.sqrt(D);
    norm += into[d]! * into[d]!;
  }
  norm = Math.sqrt(norm);
  for (let d = 0; d < D; d++) into[d]! /= norm;
  return into;
}

/** PostgreSQL's binary COPY format: no text parsing of 512 floats per row on the server side. */
class BinaryCopy {
  #parts: Uint8Array<ArrayBuffer>[] = [
    new Uint8Array([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]),
  ];
  row(fields: Uint8Array<ArrayBuffer>[]) {
    const head = new DataView(new ArrayBuffer(2));
    head.setInt16(0, fields.length);
    this.#parts.push(new Uint8Array(head.buffer));
    for (const field of fields) {
      const length = new DataView(new ArrayBuffer(4));
      length.setInt32(0, field.length);
      this.#parts.push(new Uint8Array(length.buffer), field);
    }
  }
  blob() {
    return new Blob([...this.#parts, new Uint8Array([0xff, 0xff])]);
  }
}
const uuidBytes = (id: string) =>
  Uint8Array.from(
    id
      .replaceAll('-', '')
      .match(/../g)!
      .map((hex) => parseInt(hex, 16)),
  );
const int4 = (n: number) => {
  const view = new DataView(new ArrayBuffer(4));
  view.setInt32(0, n);
  return new Uint8Array(view.buffer);
};
const text = (value: string) => new TextEncoder().encode(value);
/** pgvector's binary form: int16 dimensions, int16 unused, then big-endian float4s. */
const vectorBytes = (v: Float32Array) => {
  const view = new DataView(new ArrayBuffer(4 + 4 * v.length));
  view.setInt16(0, v.length);
  v.forEach((x, i) => view.setFloat32(4 + 4 * i, x));
  return new Uint8Array(view.buffer);
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The catalogue both databases get: ids, prices and vectors, drawn once. */
const ids: string[] = Array.from({ length: N }, () => randomUUID());
const vectors = new Float32Array(N * D);
for (let i = 0; i < N; i++) sample(vectors.subarray(i * D, (i + 1) * D));
const productRow = (i: number) => ({
  id: ids[i]!,
  sourceId: `p${i}`,
  title: `Product ${i}`,
  link: `https://shop.example/p/${i}`,
  image: `https://cdn.shop.example/${i}.jpg`,
  price: (10 + (i % 500)).toFixed(2),
});
const CHUNK = 5000;

/** One database under test: how to bulk-load it (its fastest way), and its Drizzle handle for the server's own queries. */
interface BenchTarget {
  label: string;
  db: Database;
  load(offset: number, count: number): Promise<void>;
  exec(statement: string): Promise<void>;
  close(): Promise<void>;
}

async function pgliteTarget(): Promise<BenchTarget> {
  const client = await PGlite.create('memory://', { extensions: { vector } });
  await migrate(drizzle({ client, schema }), {
    migrationsFolder: fileURLToPath(new URL('../../platform/db/migrations', import.meta.url)),
  });
  return {
    label: 'PGlite (embedded, pgvector 0.8.7)',
    db: drizzle({ client, schema }) as unknown as Database,
    // Binary COPY: text COPY or INSERT parse 512 floats a row in WebAssembly, about 1k rows/s.
    async load(offset, count) {
      const productRows: string[] = [];
      const images = new BinaryCopy();
      for (let i = offset; i < offset + count; i++) {
        const p = productRow(i);
        productRows.push(
          `${p.id}\tbench\t${p.sourceId}\t${p.title}\t${p.link}\t${p.image}\t${p.price}\tEUR\tin_stock\tx`,
        );
        images.row([
          uuidBytes(p.id),
          int4(0),
          text(p.image),
          text(space.embedderId),
          int4(D),
          vectorBytes(vectors.subarray(i * D, (i + 1) * D)),
        ]);
      }
      await client.query(
        `COPY products (id, source, source_id, title, link, image_url, price, currency, availability, content_hash) FROM '/dev/blob'`,
        [],
        { blob: new Blob([`${productRows.join('\n')}\n`]) },
      );
      await client.query(
        `COPY product_images (product_id, position, url, embedder_id, dimensions, embedding) FROM '/dev/blob' WITH (FORMAT binary)`,
        [],
        { blob: images.blob() },
      );
    },
    exec: async (statement) => void (await client.exec(statement)),
    close: () => client.close(),
  };
}

/** A fresh database on the PostgreSQL server, migrated by Loupe's own code (which enables pgvector). */
async function postgresTarget(url: string): Promise<BenchTarget> {
  const name = `loupe_vector_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  // Every session of the pool builds indexes with this much memory (the server's default is 64 MB).
  await admin.query(`ALTER DATABASE ${name} SET maintenance_work_mem = '1GB'`);
  const dropDatabase = async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  const target = new URL(url);
  target.pathname = `/${name}`;
  let handle: Awaited<ReturnType<typeof openDatabase>> | undefined;
  try {
    handle = await openDatabase({ databaseUrl: target.toString(), dataDir: 'unused', poolSize: 1 });
    const [row] = await queryRows<{ version: string | null }>(
      handle.db,
      sql`SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector') AS version`,
    );
    if (!row?.version)
      throw new Error(
        `the PostgreSQL server at ${target.host} has no pgvector (../shared/scripts/install-pgvector builds it on Debian)`,
      );
    const [server] = await queryRows<{ version: string }>(
      handle.db,
      sql`SELECT current_setting('server_version') AS version`,
    );
    const { db } = handle;
    const close = handle.close;
    return {
      label: `PostgreSQL ${server?.version.split(' ')[0] ?? ''} (${target.host}, pgvector ${row.version})`,
      db,
      // node-postgres has no COPY without another package: multi-row INSERTs from arrays, the
      // vectors as text (9 significant digits keep a float4 exact). The C parser is quick.
      async load(offset, count) {
        const rows = Array.from({ length: count }, (_, j) => productRow(offset + j));
        // sql.param: one array parameter each (a bare array in sql`` would become a list of parameters).
        const column = (values: string[]) => sql.param(values);
        await db.execute(sql`INSERT INTO products (id, source, source_id, title, link, image_url, price, currency, availability, content_hash)
          SELECT id, 'bench', source_id, title, link, image, price, 'EUR', 'in_stock', 'x'
          FROM unnest(${column(rows.map((r) => r.id))}::uuid[], ${column(rows.map((r) => r.sourceId))}::text[], ${column(rows.map((r) => r.title))}::text[], ${column(rows.map((r) => r.link))}::text[], ${column(rows.map((r) => r.image))}::text[], ${column(rows.map((r) => r.price))}::numeric[])
            AS t(id, source_id, title, link, image, price)`);
        const embeddings = rows.map((_, j) => {
          const v = vectors.subarray((offset + j) * D, (offset + j + 1) * D);
          return `[${Array.from(v, (x) => x.toPrecision(9)).join(',')}]`;
        });
        await db.execute(sql`INSERT INTO product_images (product_id, position, url, embedder_id, dimensions, embedding)
          SELECT id, 0, image, ${space.embedderId}, ${D}, embedding::vector
          FROM unnest(${column(rows.map((r) => r.id))}::uuid[], ${column(rows.map((r) => r.image))}::text[], ${column(embeddings)}::text[]) AS t(id, image, embedding)`);
      },
      exec: async (statement) => void (await db.execute(sql.raw(statement))),
      async close() {
        await close();
        await dropDatabase();
      },
    };
  } catch (error) {
    await handle?.close().catch(() => {});
    await dropDatabase();
    throw error;
  }
}

interface Figures {
  label: string;
  loadMs: number;
  buildMs: number;
  usesIndex: boolean;
  /** p50, p95 (ms) and recall@10 per candidates setting; `default` is the server's own. */
  rows: { candidates: string; p50: number; p95: number; recall: number }[];
}

async function measure(target: BenchTarget, queries: Float32Array[], truth: Set<string>[]): Promise<Figures> {
  console.log(`\n--- ${target.label}`);
  let started = performance.now();
  for (let offset = 0; offset < N; offset += CHUNK) await target.load(offset, Math.min(CHUNK, N - offset));
  const loadMs = performance.now() - started;
  console.log(`load: ${seconds(loadMs)} (${Math.round(N / (loadMs / 1000))} rows/s)`);

  await target.exec(`SET maintenance_work_mem = '1GB'`);
  started = performance.now();
  await ensureVectorIndex(target.db, space);
  const buildMs = performance.now() - started;
  console.log(`HNSW index build (m=16, ef_construction=64): ${seconds(buildMs)}`);
  await target.exec('ANALYZE products');
  await target.exec('ANALYZE product_images');

  const plan = await queryRows<{ 'QUERY PLAN': string }>(
    target.db,
    sql.raw(
      `EXPLAIN SELECT pi.product_id FROM product_images pi JOIN products p ON p.id = pi.product_id WHERE pi.embedder_id = '${space.embedderId}' ORDER BY pi.embedding::vector(${D}) <=> '[${Array.from(queries[0]!).join(',')}]'::vector(${D}) LIMIT 40`,
    ),
  );
  const usesIndex = plan.some((row) => /Index Scan using product_images_hnsw/.test(row['QUERY PLAN']));
  console.log(`query plan uses the HNSW index: ${usesIndex ? 'yes' : 'NO'}`);

  console.log(
    `${'candidates (= hnsw.ef_search)'.padEnd(32)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'recall@10'.padStart(10)}`,
  );
  const rows: Figures['rows'] = [];
  for (const candidates of [undefined, 40, 64, 100, 160]) {
    for (const q of queries.slice(0, 30))
      await searchByVector(target.db, space, q, { k: K, ...(candidates ? { candidates } : {}) }); // warm-up
    const latencies: number[] = [];
    let found = 0;
    for (let i = 0; i < Q; i++) {
      const t0 = performance.now();
      const hits = await searchByVector(target.db, space, queries[i]!, { k: K, ...(candidates ? { candidates } : {}) });
      latencies.push(performance.now() - t0);
      found += hits.filter((hit) => truth[i]!.has(hit.productId)).length;
    }
    latencies.sort((a, b) => a - b);
    const row = {
      candidates: candidates === undefined ? 'default (server)' : String(candidates),
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      recall: found / (Q * Math.min(K, N)),
    };
    rows.push(row);
    console.log(
      `${row.candidates.padEnd(32)} ${row.p50.toFixed(2).padStart(6)} ms ${row.p95.toFixed(2).padStart(6)} ms ${row.recall.toFixed(3).padStart(10)}`,
    );
  }
  return { label: target.label, loadMs, buildMs, usesIndex, rows };
}

async function main() {
  console.log(
    `similar search: ${N} products, ${D}-d structured vectors (rank ${RANK} + noise, ${CLUSTERS ? `${CLUSTERS} clusters, spread ${SPREAD}` : 'no clusters'}), ${Q} queries, k=${K}`,
  );
  console.log(
    `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} (other work on the machine skews these figures)`,
  );

  // Exact top-10 for each query, by brute force over the same float32 vectors.
  const queries = Array.from({ length: Q }, () => sample(new Float32Array(D)));
  const truth = queries.map((q) => {
    const scores: { i: number; s: number }[] = [];
    let floor = -Infinity;
    for (let i = 0; i < N; i++) {
      let s = 0;
      const base = i * D;
      for (let d = 0; d < D; d++) s += q[d]! * vectors[base + d]!;
      if (scores.length < K || s > floor) {
        scores.push({ i, s });
        scores.sort((a, b) => b.s - a.s);
        if (scores.length > K) scores.pop();
        floor = scores[scores.length - 1]!.s;
      }
    }
    return new Set(scores.map((x) => ids[x.i]!));
  });

  const results: Figures[] = [];
  const embedded = await pgliteTarget();
  try {
    results.push(await measure(embedded, queries, truth));
  } finally {
    await embedded.close();
  }
  if (serverUrl) {
    const server = await postgresTarget(serverUrl);
    try {
      results.push(await measure(server, queries, truth));
    } finally {
      await server.close();
    }
  } else {
    console.log(
      '\nPostgreSQL: skipped (set LOUPE_BENCH_DATABASE_URL or LOUPE_TEST_DATABASE_URL to a server with pgvector the bench may create a database on)',
    );
  }

  console.log(`\nside by side (${N} × ${D}, the server's default candidates):`);
  console.log(
    `${'database'.padEnd(56)} ${'load'.padStart(8)} ${'index'.padStart(8)} ${'p50'.padStart(9)} ${'p95'.padStart(9)} ${'recall@10'.padStart(10)}`,
  );
  for (const figures of results) {
    const row = figures.rows[0]!;
    console.log(
      `${figures.label.padEnd(56)} ${seconds(figures.loadMs).padStart(8)} ${seconds(figures.buildMs).padStart(8)} ${row.p50.toFixed(2).padStart(6)} ms ${row.p95.toFixed(2).padStart(6)} ms ${row.recall.toFixed(3).padStart(10)}${figures.usesIndex ? '' : '  (no index scan!)'}`,
    );
  }
}

await main();
