/**
 * Similar search over 100,000 products on the embedded database (PGlite with pgvector):
 *
 *   npx tsx server/catalog/vector-search.bench.ts [--products 100000] [--queries 200] [--clusters 2000]
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
 * recall@10 ≥ 0.95. Needs no model or fixtures.
 */
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { Database } from '../db/open-database';
import * as schema from '../db/schema';
import { ensureVectorIndex, searchByVector, type VectorSpace } from './vector-store';

const SMOKE = process.env.LOUPE_BENCH_SMOKE === '1'; // npm run bench -- --smoke: a tiny size (server/testing/bench-mode.ts)
const { values } = parseArgs({ options: { products: { type: 'string', default: SMOKE ? '2000' : '100000' }, queries: { type: 'string', default: SMOKE ? '20' : '200' }, clusters: { type: 'string', default: SMOKE ? '20' : '2000' } } });
const CLUSTERS = Number(values.clusters);
/** How far items spread around their cluster centre, relative to the spread of the centres. */
const SPREAD = 0.45;
const N = Number(values.products);
const Q = Number(values.queries);
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
const centres = Array.from({ length: CLUSTERS }, () => Float32Array.from({ length: RANK }, (_, r) => gauss() * weights[r]!));

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
  #parts: Uint8Array<ArrayBuffer>[] = [new Uint8Array([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])];
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
const uuidBytes = (id: string) => Uint8Array.from(id.replaceAll('-', '').match(/../g)!.map((hex) => parseInt(hex, 16)));
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

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function main() {
  console.log(`similar search: ${N} products, ${D}-d structured vectors (rank ${RANK} + noise, ${CLUSTERS ? `${CLUSTERS} clusters, spread ${SPREAD}` : 'no clusters'}), ${Q} queries, k=${K}`);
  const client = await PGlite.create('memory://', { extensions: { vector } });
  const db = drizzle({ client, schema }) as unknown as Database;
  await migrate(drizzle({ client, schema }), { migrationsFolder: fileURLToPath(new URL('../db/migrations', import.meta.url)) });

  const vectors = new Float32Array(N * D);
  const ids: string[] = [];
  let started = performance.now();
  const CHUNK = 5000;
  for (let offset = 0; offset < N; offset += CHUNK) {
    const count = Math.min(CHUNK, N - offset);
    const productRows: string[] = [];
    const images = new BinaryCopy();
    for (let i = offset; i < offset + count; i++) {
      const id = randomUUID();
      ids.push(id);
      const v = sample(vectors.subarray(i * D, (i + 1) * D));
      productRows.push(`${id}\tbench\tp${i}\tProduct ${i}\thttps://shop.example/p/${i}\thttps://cdn.shop.example/${i}.jpg\t${(10 + (i % 500)).toFixed(2)}\tEUR\tin_stock\tx`);
      images.row([uuidBytes(id), int4(0), text(`https://cdn.shop.example/${i}.jpg`), text(space.embedderId), int4(D), vectorBytes(v)]);
    }
    await client.query(`COPY products (id, source, source_id, title, link, image_url, price, currency, availability, content_hash) FROM '/dev/blob'`, [], { blob: new Blob([`${productRows.join('\n')}\n`]) });
    await client.query(`COPY product_images (product_id, position, url, embedder_id, dimensions, embedding) FROM '/dev/blob' WITH (FORMAT binary)`, [], { blob: images.blob() });
  }
  const loadMs = performance.now() - started;
  console.log(`load (COPY; vectors in binary format): ${seconds(loadMs)} (${Math.round(N / (loadMs / 1000))} rows/s)`);

  await client.exec(`SET maintenance_work_mem = '1GB'`);
  started = performance.now();
  await ensureVectorIndex(db, space);
  console.log(`HNSW index build (m=16, ef_construction=64): ${seconds(performance.now() - started)}`);
  await client.exec('ANALYZE products; ANALYZE product_images;');

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

  const plan = await client.query<{ 'QUERY PLAN': string }>(
    `EXPLAIN SELECT pi.product_id FROM product_images pi JOIN products p ON p.id = pi.product_id WHERE pi.embedder_id = '${space.embedderId}' ORDER BY pi.embedding::vector(${D}) <=> '[${Array.from(queries[0]!).join(',')}]'::vector(${D}) LIMIT 40`,
  );
  const usesIndex = plan.rows.some((row) => /Index Scan using product_images_hnsw/.test(row['QUERY PLAN']));
  console.log(`query plan uses the HNSW index: ${usesIndex ? 'yes' : 'NO'}`);

  console.log(`\n${'candidates (= hnsw.ef_search)'.padEnd(32)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'recall@10'.padStart(10)}`);
  for (const candidates of [undefined, 40, 64, 100, 160]) {
    for (const q of queries.slice(0, 30)) await searchByVector(db, space, q, { k: K, ...(candidates ? { candidates } : {}) }); // warm-up
    const latencies: number[] = [];
    let found = 0;
    for (let i = 0; i < Q; i++) {
      const t0 = performance.now();
      const hits = await searchByVector(db, space, queries[i]!, { k: K, ...(candidates ? { candidates } : {}) });
      latencies.push(performance.now() - t0);
      found += hits.filter((hit) => truth[i]!.has(hit.productId)).length;
    }
    latencies.sort((a, b) => a - b);
    const label = candidates === undefined ? 'default (server)' : String(candidates);
    console.log(`${label.padEnd(32)} ${percentile(latencies, 50).toFixed(2).padStart(6)} ms ${percentile(latencies, 95).toFixed(2).padStart(6)} ms ${(found / (Q * K)).toFixed(3).padStart(10)}`);
  }
  await client.close();
}

await main();
