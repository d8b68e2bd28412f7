/**
 * Retrieval quality: each transformed query (crop, rescale, colour shift, new
 * background, JPEG q60) should find its catalogue image. Exact cosine search
 * over all gallery vectors, so the figures measure the embedding, not an index.
 *
 *   npx tsx server/features/catalog/embeddings/retrieval.bench.ts [--reference]
 *
 * --reference also runs the same pixel tensors through onnxruntime-web (WASM),
 * whose int8 kernels do not saturate; on x86-64 CPUs without VNNI the native
 * runtime's do, and this shows what that costs in recall.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { benchSmoke } from '../../../testing/bench-mode';
import { createImageEmbedder } from './index';
import {
  benchModelSettings,
  galleryFile,
  loadManifest,
  queryFile,
  requireFixturesOrExit,
  type ProductManifest,
} from '../testing/embedding-bench';
import { decodeToModelRgb, imageSpecFromPreprocessorConfig, toPixelValues } from './preprocess';
import { dot, l2NormalizeInPlace } from './vector';

requireFixturesOrExit();

interface Recall {
  at1: number;
  at5: number;
}

/** Recall@1/@5 of queries against a gallery, by exact cosine (vectors are unit length). */
function recall(
  manifest: ProductManifest,
  gallery: Map<string, Float32Array>,
  queries: Map<string, Float32Array>,
): Recall {
  let hits1 = 0;
  let hits5 = 0;
  const entries = [...gallery];
  for (const query of manifest.queries) {
    const q = queries.get(query.id)!;
    const ranked = entries.map(([id, g]) => ({ id, score: dot(q, g) })).sort((a, b) => b.score - a.score);
    if (ranked[0]?.id === query.target) hits1++;
    if (ranked.slice(0, 5).some((r) => r.id === query.target)) hits5++;
  }
  return { at1: hits1 / manifest.queries.length, at5: hits5 / manifest.queries.length };
}

const pct = (x: number) => x.toFixed(3);

/** A smoke run (npm run bench -- --smoke): a few queries, their catalogue images and a few distractors. */
function smokeSubset(manifest: ProductManifest): ProductManifest {
  const queries = manifest.queries.slice(0, 4);
  const targets = new Set(queries.map((q) => q.target));
  return {
    ...manifest,
    queries,
    gallery: [
      ...manifest.gallery.filter((g) => targets.has(g.id)),
      ...manifest.gallery.filter((g) => !targets.has(g.id)).slice(0, 4),
    ],
  };
}

async function main() {
  const manifest = benchSmoke ? smokeSubset(await loadManifest()) : await loadManifest();
  const settings = benchModelSettings();
  const embedder = createImageEmbedder(settings);
  const galleryBytes = await Promise.all(manifest.gallery.map((g) => readFile(galleryFile(g.id))));
  const queryBytes = await Promise.all(manifest.queries.map((q) => readFile(queryFile(q.id))));

  const started = performance.now();
  const galleryVectors = await embedder.embedImages(galleryBytes);
  const queryVectors = await embedder.embedImages(queryBytes);
  const seconds = (performance.now() - started) / 1000;
  await embedder.close();

  const all = new Map(manifest.gallery.map((g, i) => [g.id, galleryVectors[i]!]));
  const sourcesOnly = new Map(manifest.gallery.filter((g) => g.source).map((g) => [g.id, all.get(g.id)!]));
  const queries = new Map(manifest.queries.map((q, i) => [q.id, queryVectors[i]!]));

  const distractors = manifest.gallery.length - sourcesOnly.size;
  console.log(`model ${embedder.id} (${settings.modelDir})`);
  console.log(
    `${manifest.queries.length} queries; gallery ${sourcesOnly.size} catalogue images + ${distractors} distractors`,
  );
  console.log(`embedded ${galleryBytes.length + queryBytes.length} images in ${seconds.toFixed(1)} s\n`);

  const rows: [string, Recall | { recall_at_1: number; recall_at_5: number }][] = [
    [`loupe, native ONNX Runtime, gallery + distractors`, recall(manifest, all, queries)],
    [`loupe, native ONNX Runtime, catalogue only`, recall(manifest, sourcesOnly, queries)],
  ];

  if (process.argv.includes('--reference')) {
    rows.push([
      `loupe preprocessing, onnxruntime-web (WASM) int8, gallery + distractors`,
      await referenceRecall(manifest, settings),
    ]);
  }
  for (const [name, baseline] of Object.entries(manifest.baseline_on_this_subset))
    rows.push([`baseline: ${name}`, baseline]);

  console.log(`${'run'.padEnd(72)} recall@1  recall@5`);
  for (const [name, r] of rows) {
    const [at1, at5] = 'at1' in r ? [r.at1, r.at5] : [r.recall_at_1, r.recall_at_5];
    console.log(`${name.padEnd(72)} ${pct(at1).padStart(8)}  ${pct(at5).padStart(8)}`);
  }
}

/** Same pixels, reference int8 kernels: isolates the runtime from our preprocessing. */
async function referenceRecall(
  manifest: ProductManifest,
  settings: { modelDir: string; modelId: string },
): Promise<Recall> {
  const ort = await import('onnxruntime-web');
  ort.env.wasm.numThreads = 1;
  const root = path.join(settings.modelDir, ...settings.modelId.split('/'));
  const spec = imageSpecFromPreprocessorConfig(
    JSON.parse(await readFile(path.join(root, 'preprocessor_config.json'), 'utf8')) as Record<string, unknown>,
  );
  const session = await ort.InferenceSession.create(
    new Uint8Array(await readFile(path.join(root, 'onnx', 'vision_model_quantized.onnx'))),
  );
  const embed = async (file: string) => {
    const { data, dims } = toPixelValues([await decodeToModelRgb(await readFile(file), spec)], spec);
    const out = await session.run({ pixel_values: new ort.Tensor('float32', data, dims) });
    return l2NormalizeInPlace(new Float32Array(out.image_embeds!.data as Float32Array));
  };
  const gallery = new Map<string, Float32Array>();
  for (const g of manifest.gallery) gallery.set(g.id, await embed(galleryFile(g.id)));
  const queries = new Map<string, Float32Array>();
  for (const q of manifest.queries) queries.set(q.id, await embed(queryFile(q.id)));
  await session.release();
  return recall(manifest, gallery, queries);
}

await main();
