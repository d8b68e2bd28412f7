import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import sharp from 'sharp';
import { jsonl, sampleProduct, waitForImport } from '../../server/features/catalog/testing/catalog';
import { benchSize, benchSmoke, onThrowawayPostgres, refusals } from '../../server/testing/bench-mode';
import { fixturePath, haveFixtures } from '../../server/testing/fixtures';
import { contentDigest } from '../../utils/lib/api-client/content-digest';
import { BoardSchema, CatalogImportSchema } from '../../utils/contract';
import { type Backend, startBackend } from '../e2e/harness/backend';

/**
 * The backend under mixed load: concurrent clients, each sending a fixed mix of saves, board
 * listings, provenance of a cached image (sent with its Content-Digest, as the extension sends it,
 * so the cache answers it without the image-work line) and of new images, and product search, for
 * a while.
 * Figures per kind of request (throughput, p50/p95/p99) for the embedded database and, when a
 * server is given (LOUPE_BENCH_DATABASE_URL, else LOUPE_TEST_DATABASE_URL), for PostgreSQL.
 * Then a burst of image uploads far beyond the image-work line, to show it queues or refuses
 * (429 past the token's share of the line, 503 when the line is full, both with Retry-After)
 * instead of piling up. The backend runs as its own process, as in production, with the rate
 * limit off (one token makes every request: the limit would answer 429s and the figures would
 * measure refusals); any answer in the mixed load but a 2xx fails the benchmark. The clients run in
 * this process and share the machine's cores with the backend and the database.
 *
 *   LOUPE_BENCH_CLIENTS (default 16,64: a run for each), LOUPE_BENCH_SECONDS (default 10), LOUPE_BENCH_BURST (default 120 uploads)
 */
const CLIENTS = benchSize((process.env.LOUPE_BENCH_CLIENTS ?? '16,64').split(',').map(Number), [4]);
const SECONDS = benchSize(Number(process.env.LOUPE_BENCH_SECONDS ?? 10), 1);
const BURST = benchSize(Number(process.env.LOUPE_BENCH_BURST ?? 120), 6);
/** Burst images are 512 px noise PNGs (about 790 kB each): real upload and hashing work. */
const BURST_SIDE = benchSize(512, 64);
const PRODUCTS = benchSize(2000, 40);
const SEED_PINS = benchSize(300, 20);
/**
 * The image-work line (2 running + the rest waiting), all of it open to the one token: with the default line (32 waiting, a token's
 * share half of it) 64 clients' new images get 429s, and the figures would measure refusals. The burst is bigger still, to be refused.
 */
const IMAGE_LINE = Math.max(...CLIENTS) + 2;
const serverUrl = process.env.LOUPE_BENCH_DATABASE_URL ?? process.env.LOUPE_TEST_DATABASE_URL;

type Kind = 'save' | 'boards' | 'board pins' | 'provenance cached' | 'provenance new' | 'product search';
/** The mix each client cycles through: 20 requests. */
const MIX: Kind[] = [
  ...Array<Kind>(5).fill('save'),
  ...Array<Kind>(2).fill('boards'),
  ...Array<Kind>(3).fill('board pins'),
  ...Array<Kind>(3).fill('provenance cached'),
  ...Array<Kind>(2).fill('provenance new'),
  ...Array<Kind>(5).fill('product search'),
];
const SEARCH_WORDS = ['lamp', 'chair', 'linen', 'oak', 'ceramic', 'rug', 'vase', 'brass'];

/** A small real image for "cached" provenance (the cache answers after the first), from the fixtures when present. */
const cachedImage = haveFixtures
  ? new Uint8Array(readFileSync(fixturePath('provenance', 'sdp_InvokeAI_invokeai_sdmeta1.png')))
  : new Uint8Array(
      await sharp({ create: { width: 64, height: 64, channels: 3, background: '#c8a165' } })
        .png()
        .toBuffer(),
    );
/** Its RFC 9530 `Content-Digest`, computed as the API client does (once, like the images: before the clock starts). */
const cachedImageDigest = await contentDigest(cachedImage);

/** A never-seen noise PNG (96 px, about 28 kB, unless asked bigger): a cache miss, analysed in full. */
const newImage = async (side = 96): Promise<Uint8Array<ArrayBuffer>> =>
  new Uint8Array(
    await sharp(randomBytes(side * side * 3), { raw: { width: side, height: side, channels: 3 } })
      .png({ compressionLevel: 0 })
      .toBuffer(),
  );

/** Refused requests, said at the end (after every run's figures), which then fails. */
const problems: string[] = [];

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
const ms = (value: number) => `${value.toFixed(1)} ms`.padStart(9);

async function seed(backend: Backend) {
  const auth = { authorization: `Bearer ${backend.token}` };
  const board = BoardSchema.parse(
    await (
      await fetch(`${backend.url}/v1/boards`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Bench' }),
      })
    ).json(),
  );
  for (let i = 0; i < SEED_PINS; i += 20) {
    await Promise.all(
      Array.from({ length: 20 }, (_, j) =>
        fetch(`${backend.url}/v1/pins`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify({ boardId: board.id, imageUrl: `https://images.invalid/seed/${i + j}.jpg` }),
        }).then(async (r) => {
          if (r.status !== 201) throw new Error(`seeding: a save answered ${r.status}: ${await r.text()}`);
        }),
      ),
    );
  }
  const words = (i: number) =>
    `${SEARCH_WORDS[i % SEARCH_WORDS.length]} ${SEARCH_WORDS[(i * 7) % SEARCH_WORDS.length]}`;
  const feed = jsonl(
    Array.from({ length: PRODUCTS }, (_, i) =>
      sampleProduct(`B-${i}`, { title: `${words(i)} number ${i}`, description: `A ${words(i + 3)} for the bench` }),
    ),
  );
  const form = new FormData();
  form.set('file', new Blob([feed], { type: 'application/x-ndjson' }), 'bench.jsonl');
  form.set('source', 'bench');
  form.set('embed', 'false');
  const job = CatalogImportSchema.parse(
    await (await fetch(`${backend.url}/v1/catalog/imports`, { method: 'POST', headers: auth, body: form })).json(),
  );
  // The import holds the embedded database for seconds at a time; a poll that meets a reset connection just polls again.
  const poll = async (p: string): Promise<Response> =>
    fetch(`${backend.url}${p}`, { headers: auth }).catch(() => poll(p));
  const done = await waitForImport({ get: poll }, job.id, 300_000);
  if (done.status !== 'succeeded') throw new Error(`the bench catalogue did not import: ${done.message}`);
  return board.id;
}

async function drive(backend: Backend, boardId: string, clients: number, title: string) {
  const auth = { authorization: `Bearer ${backend.token}` };
  const samples = new Map<Kind, number[]>(MIX.map((kind) => [kind, []]));
  const refused = new Map<Kind, Map<number, number>>(MIX.map((kind) => [kind, new Map()]));
  let n = 0;
  const send = async (kind: Kind, image?: Uint8Array<ArrayBuffer>): Promise<Response> => {
    const i = n++;
    switch (kind) {
      case 'save':
        return fetch(`${backend.url}/v1/pins`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json', 'idempotency-key': randomUUID() },
          body: JSON.stringify({ boardId, imageUrl: `https://images.invalid/load/${i}.jpg`, note: 'bench' }),
        });
      case 'boards':
        return fetch(`${backend.url}/v1/boards`, { headers: auth });
      case 'board pins':
        return fetch(`${backend.url}/v1/boards/${boardId}/pins?limit=50`, { headers: auth });
      case 'provenance cached':
        return fetch(`${backend.url}/v1/provenance`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'image/png', 'content-digest': cachedImageDigest },
          body: cachedImage,
        });
      case 'provenance new':
        return fetch(`${backend.url}/v1/provenance`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'image/png' },
          body: image,
        });
      case 'product search':
        return fetch(`${backend.url}/v1/products/search?q=${SEARCH_WORDS[i % SEARCH_WORDS.length]}&k=20`, {
          headers: auth,
        });
    }
  };
  const deadline = performance.now() + SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, client) => {
      for (let step = client; performance.now() < deadline; step++) {
        const kind = MIX[step % MIX.length]!;
        const image = kind === 'provenance new' ? await newImage() : undefined; // made before the clock starts
        const t0 = performance.now();
        const response = await send(kind, image);
        await response.arrayBuffer();
        const elapsed = performance.now() - t0;
        if (response.ok) samples.get(kind)!.push(elapsed);
        else refused.get(kind)!.set(response.status, (refused.get(kind)!.get(response.status) ?? 0) + 1);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const all = [...samples.values()].flat().sort((a, b) => a - b);
  console.log(
    `  ${'all'.padEnd(18)} ${(all.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${ms(percentile(all, 50))}   p95 ${ms(percentile(all, 95))}   p99 ${ms(percentile(all, 99))}`,
  );
  for (const [kind, values] of samples) {
    values.sort((a, b) => a - b);
    const errors = [...refused.get(kind)!].map(([status, count]) => `${count}×${status}`).join(' ');
    console.log(
      `  ${kind.padEnd(18)} ${(values.length / seconds).toFixed(0).padStart(6)} req/s   p50 ${ms(percentile(values, 50))}   p95 ${ms(percentile(values, 95))}   p99 ${ms(percentile(values, 99))}${errors ? `   not 2xx: ${errors}` : ''}`,
    );
  }
  for (const [kind, statuses] of refused) {
    const problem = refusals(`${kind} under the mixed load (${clients} clients, ${title})`, statuses);
    if (problem) problems.push(problem);
  }
}

/** BURST uploads of new images at once, with one token: its share of the line takes some, the rest get 429 (or 503) + Retry-After. */
async function burst(backend: Backend) {
  const images = await Promise.all(Array.from({ length: BURST }, () => newImage(BURST_SIDE)));
  const started = performance.now();
  const answers = await Promise.all(
    images.map(async (image) => {
      const response = await fetch(`${backend.url}/v1/provenance`, {
        method: 'POST',
        headers: { authorization: `Bearer ${backend.token}`, 'content-type': 'image/png' },
        body: image,
      });
      await response.arrayBuffer();
      return { status: response.status, retryAfter: response.headers.get('retry-after') };
    }),
  );
  const counts = new Map<number, number>();
  for (const { status } of answers) counts.set(status, (counts.get(status) ?? 0) + 1);
  const refused = answers.find((answer) => answer.status === 429 || answer.status === 503);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `  burst of ${BURST} uploads of new ${BURST_SIDE} px images at once: ${[...counts].map(([status, count]) => `${count}×${status}`).join(', ')} in ${seconds.toFixed(1)} s${refused?.retryAfter ? ` (the ${refused.status}s say Retry-After: ${refused.retryAfter} s)` : ''}`,
  );
}

async function run(title: string, env: NodeJS.ProcessEnv) {
  console.log(
    `\n${title}: ${SECONDS} s per run, mix per 20 requests: 5 saves, 2 board lists, 3 board pin pages, 3 cached + 2 new provenance, 5 product searches`,
  );
  const backend = await startBackend({
    user: 'bench',
    admin: true,
    env: {
      LOUPE_RATE_LIMIT_PER_MINUTE: '0',
      LOUPE_IMAGE_WORK_QUEUE: String(IMAGE_LINE - 2),
      LOUPE_IMAGE_WORK_PER_TOKEN: String(IMAGE_LINE),
      LOG_LEVEL: 'warn',
      ...env,
    },
  });
  try {
    const boardId = await seed(backend);
    console.log(`  seeded ${SEED_PINS} pins and ${PRODUCTS} products`);
    for (const clients of CLIENTS) {
      console.log(
        ` ${clients} concurrent clients (load average before: ${loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')})`,
      );
      await drive(backend, boardId, clients, title);
    }
    await burst(backend);
  } catch (error) {
    console.error(backend.output());
    throw error;
  } finally {
    await backend.stop();
    await rm(backend.dataDir, { recursive: true, force: true });
  }
}

console.log(
  `Node ${process.version}, ${cpus().length} cores, load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')} (other work on the machine skews these figures)${benchSmoke ? ' (smoke run)' : ''}`,
);
await run('Embedded database (PGlite)', {});

await onThrowawayPostgres(serverUrl, run);
if (problems.length) {
  console.error(`\n!!! ${problems.join('\n!!! ')}`);
  process.exit(1);
}
