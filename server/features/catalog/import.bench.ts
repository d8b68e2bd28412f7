/**
 * Catalogue import throughput: 1,000 products from a JSON Lines feed on a
 * loopback server, each image fetched through safeFetch and embedded with
 * the fixture model (or LOUPE_MODEL_DIR / LOUPE_EMBED_MODEL), into the
 * embedded database. Then the same feed again: nothing changed, so nothing
 * is fetched or embedded.
 *
 *   npx tsx server/features/catalog/import.bench.ts [--products 1000]
 *
 * Without the fixtures or the model it says why and exits 0.
 */
import { parseArgs } from 'node:util';
import { env as transformersEnv } from '@huggingface/transformers';
import { openDatabase } from '../../platform/db/open-database';
import { createImageEmbedder, ModelUnavailableError } from './embeddings';
import { benchSize } from '../../testing/bench-mode';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import { createCatalog } from './catalog-service';
import { bytesFeed } from './feed-source';
import { createImportJob } from './import-jobs';
import { runImport } from './importer';
import { jsonl, sampleProduct, startStaticServer } from './testing/catalog';

const { values } = parseArgs({ options: { products: { type: 'string', default: benchSize('1000', '20') } } });
const N = Number(values.products);

async function main() {
  if (!haveFixtures) return console.log(`skipped: ${fixturesSkipReason}`);
  transformersEnv.allowRemoteModels = false;
  const embedder = createImageEmbedder({
    modelDir: process.env.LOUPE_MODEL_DIR ?? fixturePath('embed', 'hf'),
    modelId: process.env.LOUPE_EMBED_MODEL ?? 'local/mnv2-as-clip-vision',
  });
  try {
    void embedder.dimensions;
  } catch (error) {
    if (error instanceof ModelUnavailableError) return console.log(`skipped: ${error.message}`);
    throw error;
  }

  const productsDir = fixturePath('embed', 'images', 'products');
  const gallery = (await import('node:fs'))
    .readdirSync(`${productsDir}/gallery`)
    .filter((name) => name.endsWith('.png'));
  const server = await startStaticServer({ dir: productsDir });
  const feed = jsonl(
    Array.from({ length: N }, (_, i) =>
      sampleProduct(`B-${i}`, {
        imageUrl: `${server.url}/gallery/${gallery[i % gallery.length]}?copy=${i}`,
        title: `Bench product ${i}`,
      }),
    ),
  );
  const database = await openDatabase({ dataDir: 'memory://' });
  const catalog = createCatalog(database.db, { embedder, fetchAllowPrivate: true });

  // Loading the model is a one-off cost at server start: measured apart.
  let started = performance.now();
  await embedder.embedImage(new Uint8Array(await (await fetch(`${server.url}/gallery/${gallery[0]}`)).arrayBuffer()));
  console.log(
    `model ${embedder.id} (${embedder.dimensions}-d) loaded in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );

  for (const run of ['first import', 're-import, unchanged']) {
    const job = await createImportJob(database.db, { source: 'bench', location: 'bench.jsonl', embed: true });
    started = performance.now();
    const done = await runImport(job.id, bytesFeed(new TextEncoder().encode(feed), 'bench.jsonl'), {
      db: database.db,
      embedder,
      fetchImage: catalog.fetchImage,
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${run.padEnd(22)} ${N} products in ${seconds.toFixed(1)} s: ${(N / seconds).toFixed(0)} products/s ` +
        `(${done.created} new, ${done.unchanged} unchanged, ${done.imagesEmbedded} images fetched and embedded, ${done.imageErrors} image errors)`,
    );
  }
  await embedder.close();
  await database.close();
  await server.close();
}

await main();
