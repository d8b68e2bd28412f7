/**
 * Followed-shop throughput: for each kind of shop (Shopify-like, WooCommerce-like,
 * a plain shop read from its sitemaps and JSON-LD pages), on loopback, products
 * per second of the first read with every image (the fixture gallery's 512 px
 * product pictures, in turn) fetched and embedded by the fixture model (or
 * LOUPE_MODEL_DIR / LOUPE_EMBED_MODEL), then of a refresh of
 * the unchanged shop (conditional requests: 304s, nothing embedded again).
 * No pause between requests here (LOUPE_SHOP_REQUEST_DELAY_MS is 1 s by default:
 * a real shop is read at its pace, not Loupe's).
 *
 *   npx tsx server/features/shops/shops.bench.ts [--products 500]
 *
 * Without the fixtures or the model it says why and exits 0.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { env as transformersEnv } from '@huggingface/transformers';
import { openDatabase } from '../../platform/db/open-database';
import { benchSize } from '../../testing/bench-mode';
import { fixturePath, fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import { catalogSettingsFromEnv, ModelUnavailableError } from '../catalog';
import { createUsersRepository } from '../users';
import { shopsSettings } from './settings';
import { createShopRunner } from './shop-runner';
import { createShopsRepository } from './shops.repository';
import { shopItems, startShop, type ShopKind } from './testing/shop-server';

const { values } = parseArgs({ options: { products: { type: 'string', default: benchSize('500', '10') } } });
const N = Number(values.products);

async function main() {
  if (!haveFixtures) return console.log(`skipped: ${fixturesSkipReason}`);
  transformersEnv.allowRemoteModels = false;
  const { embedder } = catalogSettingsFromEnv({
    LOUPE_MODEL_DIR: process.env.LOUPE_MODEL_DIR ?? fixturePath('embed', 'hf'),
    LOUPE_EMBED_MODEL: process.env.LOUPE_EMBED_MODEL ?? 'local/mnv2-as-clip-vision',
    LOUPE_FETCH_ALLOW_PRIVATE: true,
  });
  try {
    void embedder.dimensions;
  } catch (error) {
    if (error instanceof ModelUnavailableError) return console.log(`skipped: ${error.message}`);
    throw error;
  }
  const galleryDir = fixturePath('embed', 'images', 'products', 'gallery');
  const pictures = (await readdir(galleryDir)).filter((name) => name.endsWith('.png')).sort();
  const imageOf = (id: number) => readFile(path.join(galleryDir, pictures[(id - 1) % pictures.length]!));
  const database = await openDatabase({ dataDir: 'memory://' });
  const { user } = await createUsersRepository(database.db).create('bench');
  const repository = createShopsRepository(database.db);
  const runner = createShopRunner({
    db: database.db,
    repository,
    embedder,
    settings: shopsSettings({ requestDelayMs: 0, fetchAllowPrivate: true }),
  });
  const read = async () => {
    const started = performance.now();
    runner.kick();
    await runner.idle();
    return (performance.now() - started) / 1000;
  };

  for (const kind of ['shopify', 'woocommerce', 'sitemap'] as ShopKind[]) {
    const shop = await startShop(kind, shopItems(N), { imageOf });
    const followed = await repository.follow(shop.origin, user.id, user.id);
    const first = await read();
    const afterFirst = (await repository.get(followed.id))!;
    await repository.requestRefresh(followed.id);
    const requestsBefore = shop.requests.length;
    const refresh = await read();
    const refreshRequests = shop.requests.slice(requestsBefore);
    const after = (await repository.get(followed.id))!;
    if (afterFirst.status !== 'ready' || after.status !== 'ready' || after.products !== N)
      throw new Error(`${kind}: ${after.status}, ${after.products} of ${N} products (${after.error ?? 'no error'})`);
    console.log(
      `${kind.padEnd(12)} first read  ${N} products in ${first.toFixed(1)} s: ${(N / first).toFixed(0)} products/s (images embedded)`,
    );
    console.log(
      `${kind.padEnd(12)} refresh     unchanged in ${refresh.toFixed(2)} s: ${(N / refresh).toFixed(0)} products/s ` +
        `(${refreshRequests.filter((r) => r.status === 304).length} of ${refreshRequests.length} requests answered 304)`,
    );
    await shop.close();
  }
  await runner.close();
  await embedder.close();
  await database.close();
}

await main();
