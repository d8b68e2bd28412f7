/**
 * Embedding speed, in images per second, on the fixture images (mixed 512²
 * PNGs and ~480² JPEGs). Also times preprocessing alone, ours (sharp) against
 * transformers.js's own decode + image processor, which is why we decode with sharp.
 *
 *   npx tsx server/features/catalog/embeddings/throughput.bench.ts
 *
 * Runs each measurement once after a warm-up; on a shared machine, repeat
 * and read the spread rather than trusting one figure.
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { AutoImageProcessor, RawImage } from '@huggingface/transformers';

import { benchSize } from '../../../testing/bench-mode';
import { createImageEmbedder } from './index';
import {
  benchModelSettings,
  galleryFile,
  loadManifest,
  queryFile,
  requireFixturesOrExit,
} from '../testing/embedding-bench';
import { decodeToModelRgb, imageSpecFromPreprocessorConfig, toPixelValues } from './preprocess';

requireFixturesOrExit();

async function timed(label: string, count: number, run: () => Promise<unknown>) {
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${label.padEnd(58)} ${(count / seconds).toFixed(1).padStart(7)} img/s  (${count} in ${seconds.toFixed(2)} s)`,
  );
}

async function main() {
  const manifest = await loadManifest();
  const settings = benchModelSettings();
  const images = (
    await Promise.all([
      ...manifest.gallery.map((g) => readFile(galleryFile(g.id))),
      ...manifest.queries.map((q) => readFile(queryFile(q.id))),
    ])
  ).slice(0, benchSize(Infinity, 8));
  const root = path.join(settings.modelDir, ...settings.modelId.split('/'));
  console.log(
    `model ${settings.modelId}, ${images.length} images, ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'})\n`,
  );

  // Preprocessing only.
  const spec = imageSpecFromPreprocessorConfig(
    JSON.parse(await readFile(path.join(root, 'preprocessor_config.json'), 'utf8')) as Record<string, unknown>,
  );
  await timed('preprocess: sharp decode+resize → pixel_values (loupe)', images.length, async () => {
    for (const bytes of images) toPixelValues([await decodeToModelRgb(bytes, spec)], spec);
  });
  const processor = await AutoImageProcessor.from_pretrained(root, { local_files_only: true });
  await timed('preprocess: RawImage.fromBlob + AutoImageProcessor', images.length, async () => {
    for (const bytes of images) await processor(await RawImage.fromBlob(new Blob([bytes])));
  });

  // End to end.
  const embedder = createImageEmbedder(settings);
  await embedder.embedImage(images[0]!); // load + warm-up
  await timed('embedImage, one at a time', images.length, async () => {
    for (const bytes of images) await embedder.embedImage(bytes);
  });
  await timed('embedImages, batches of 16', images.length, () => embedder.embedImages(images));
  await embedder.close();
}

await main();
