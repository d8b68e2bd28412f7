/**
 * Search a part of the image: a catalogue product pasted into a larger scene (a 3 × 3 grid of
 * other pictures, see testing/scenes.ts), searched whole and with a box around the product, through
 * the real API (`POST /v1/products/similar`, the embedded database, the fixture model).
 *
 *   npm run bench -- region
 *
 * Prints recall@1 / recall@5 and how often the answer is a close match, with and without the box,
 * and the similar-search latency (p50 / p95, one request at a time) with a region and without.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { regionParam, type ImageRegion, SimilarProductsResponseSchema } from '../../../../utils/contract';
import { loadEnv } from '../../../env';
import { runServer } from '../../../run-server';
import { benchSize, failOnRefusals } from '../../../testing/bench-mode';
import { startStaticServer } from '../testing/catalog';
import {
  benchModelSettings,
  galleryFile,
  loadManifest,
  productPath,
  requireFixturesOrExit,
} from '../testing/embedding-bench';
import { sceneWith } from '../testing/scenes';

requireFixturesOrExit();

const manifest = await loadManifest();
const sources = manifest.gallery.filter((g) => g.source).slice(0, benchSize(50, 4));
const distractors = manifest.gallery.filter((g) => !g.source).slice(0, benchSize(100, 8));
const catalogue = [...sources, ...distractors];
const model = benchModelSettings();

// The feed names image addresses on the server that serves it: its route is added once the port is known.
const routes = new Map<string, { body: string; type: string }>();
const gallery = await startStaticServer({ dir: productPath(), routes });
const feed = catalogue
  .map((g) =>
    JSON.stringify({
      sourceId: g.id,
      title: g.id,
      link: `https://shop.example/${g.id}`,
      imageUrl: `${gallery.url}/gallery/${g.id}.png`,
      price: '10.00',
      currency: 'EUR',
      availability: 'in_stock',
    }),
  )
  .join('\n');
routes.set('/feed.jsonl', { type: 'application/x-ndjson', body: feed });

const dataDir = await mkdtemp(path.join(tmpdir(), 'loupe-bench-'));
let token = '';
const server = await runServer(
  loadEnv({
    LOUPE_DATA_DIR: dataDir,
    PORT: '0',
    LOG_LEVEL: 'silent',
    LOUPE_RATE_LIMIT_PER_MINUTE: '0',
    LOUPE_FETCH_ALLOW_PRIVATE: 'true',
    LOUPE_MODEL_DIR: model.modelDir,
    LOUPE_EMBED_MODEL: model.modelId,
  }),
  {
    beforeListen: async ({ users }) => {
      ({ token } = await users.create('bench', { isAdmin: true }));
    },
  },
);
const authorization = `Bearer ${token}`;

/** The product ids of the catalogue, by gallery id (titles are the gallery ids). */
async function importCatalogue(): Promise<Map<string, string>> {
  const started = await fetch(`${server.url}/v1/catalog/imports`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ url: `${gallery.url}/feed.jsonl`, source: 'bench', format: 'jsonl' }),
  });
  const { id } = (await started.json()) as { id: string };
  for (;;) {
    const job = (await (
      await fetch(`${server.url}/v1/catalog/imports/${id}`, { headers: { authorization } })
    ).json()) as {
      status: string;
    };
    if (job.status === 'succeeded') break;
    if (job.status === 'failed') throw new Error(`import failed: ${JSON.stringify(job)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const ids = new Map<string, string>();
  for (const g of catalogue) {
    const search = await fetch(`${server.url}/v1/products/search?q=${g.id}&k=1`, { headers: { authorization } });
    const { results } = (await search.json()) as { results: { product: { id: string; title: string } }[] };
    if (results[0]?.product.title === g.id) ids.set(results[0].product.id, g.id);
  }
  return ids;
}

const statuses = new Map<number, number>();
async function similar(bytes: Uint8Array, region?: ImageRegion) {
  const started = performance.now();
  const response = await fetch(
    `${server.url}/v1/products/similar?k=5${region ? `&region=${regionParam(region)}` : ''}`,
    {
      method: 'POST',
      headers: { authorization, 'content-type': 'image/jpeg' },
      body: new Blob([new Uint8Array(bytes)]),
    },
  );
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  const answer = SimilarProductsResponseSchema.parse(await response.json());
  return { answer, ms: performance.now() - started };
}

const quantile = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!;

try {
  const galleryIdOf = await importCatalogue();
  const tally = {
    whole: { at1: 0, at5: 0, close: 0, ms: [] as number[] },
    box: { at1: 0, at5: 0, close: 0, ms: [] as number[] },
  };
  for (const [i, source] of sources.entries()) {
    const others = await Promise.all(
      Array.from({ length: 8 }, (_, j) => readFile(galleryFile(distractors[(i * 8 + j) % distractors.length]!.id))),
    );
    const { bytes, region } = await sceneWith(await readFile(galleryFile(source.id)), others, i % 9);
    for (const [how, asked] of [
      ['whole', undefined],
      ['box', region],
    ] as const) {
      const { answer, ms } = await similar(bytes, asked);
      const found = answer.results.map((r) => galleryIdOf.get(r.product.id));
      const t = tally[how];
      t.ms.push(ms);
      if (found[0] === source.id) t.at1++;
      if (found.includes(source.id)) t.at5++;
      if (found[0] === source.id && answer.results[0]!.close) t.close++;
    }
  }
  failOnRefusals('similar search', statuses);
  const n = sources.length;
  console.log(
    `${n} scenes (a catalogue product in one cell of a 3 × 3 grid of other pictures); catalogue of ${catalogue.length} products`,
  );
  console.log('search          recall@1  recall@5  found and close  p50 ms  p95 ms');
  for (const [how, t] of Object.entries(tally))
    console.log(
      `${(how === 'whole' ? 'whole image' : 'box on product').padEnd(15)} ${(t.at1 / n).toFixed(3).padStart(8)}  ${(t.at5 / n).toFixed(3).padStart(8)}  ${(t.close / n).toFixed(3).padStart(15)}  ${quantile(t.ms, 0.5).toFixed(1).padStart(6)}  ${quantile(t.ms, 0.95).toFixed(1).padStart(6)}`,
    );
} finally {
  await server.stop();
  await gallery.close();
  await rm(dataDir, { recursive: true, force: true });
}
