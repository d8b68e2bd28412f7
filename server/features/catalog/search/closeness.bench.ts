/**
 * How close is close: calibrates CLOSE_MATCH_SIMILARITY on the fixture retrieval benchmark.
 *
 *   npm run bench -- closeness
 *
 * For each transformed query: its similarity to its own catalogue image (what a close match should
 * clear), and the best similarity among all other images (what it must not clear when the product
 * is not in the catalogue). Prints both distributions, and for thresholds around the constant, the
 * share of queries whose own product counts as close and the share whose best unrelated one would.
 */
import { readFile } from 'node:fs/promises';

import { benchSmoke } from '../../../testing/bench-mode';
import { createImageEmbedder } from '../embeddings';
import { dot } from '../embeddings/vector';
import {
  benchModelSettings,
  galleryFile,
  loadManifest,
  queryFile,
  requireFixturesOrExit,
} from '../testing/embedding-bench';
import { CLOSE_MATCH_SIMILARITY } from './closeness';

requireFixturesOrExit();

const manifest = await loadManifest();
const queries = benchSmoke ? manifest.queries.slice(0, 6) : manifest.queries;
const embedder = createImageEmbedder(benchModelSettings());
const gallery = await embedder.embedImages(await Promise.all(manifest.gallery.map((g) => readFile(galleryFile(g.id)))));
const queryVectors = await embedder.embedImages(await Promise.all(queries.map((q) => readFile(queryFile(q.id)))));
await embedder.close();

const own: number[] = [];
const bestUnrelated: number[] = [];
queries.forEach((query, i) => {
  let best = -1;
  manifest.gallery.forEach((image, j) => {
    const similarity = dot(queryVectors[i]!, gallery[j]!);
    if (image.id === query.target) own.push(similarity);
    else best = Math.max(best, similarity);
  });
  bestUnrelated.push(best);
});

const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return [0.05, 0.25, 0.5, 0.75, 0.95]
    .map((q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(3))
    .join(' / ');
};
const share = (values: number[], threshold: number) => values.filter((v) => v >= threshold).length / values.length;

console.log(`${queries.length} queries, ${manifest.gallery.length} catalogue images (model ${embedder.id})`);
console.log(`similarity quantiles (5% / 25% / 50% / 75% / 95%)`);
console.log(`  own product:            ${quantiles(own)}`);
console.log(`  best unrelated product: ${quantiles(bestUnrelated)}\n`);
console.log('threshold  own product close  unrelated would look close  Youden J');
for (let step = -4; step <= 4; step++) {
  const threshold = Math.round((CLOSE_MATCH_SIMILARITY + step * 0.02) * 100) / 100;
  const hit = share(own, threshold);
  const falseClose = share(bestUnrelated, threshold);
  const marker = step === 0 ? '  <- CLOSE_MATCH_SIMILARITY' : '';
  console.log(
    `${threshold.toFixed(2).padStart(9)}  ${hit.toFixed(3).padStart(17)}  ${falseClose.toFixed(3).padStart(26)}  ${(hit - falseClose).toFixed(3).padStart(8)}${marker}`,
  );
}
