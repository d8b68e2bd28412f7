import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type CatalogImport, CatalogImportSchema, type Product } from '../../../../utils/contract';
import { createApp } from '../../../app';
import { createAppDeps } from '../../../app-context';
import { createLogger } from '../../../platform/logger';
import { TEST_GUARDS } from '../../../testing/test-app';
import type { TestDatabase } from '../../../testing/test-databases';
import type { ImageEmbedder } from '../embeddings';
import type { CatalogSettings } from '../catalog-service';
import { offlineResolve } from '../../../testing/offline-dns';
import { fixturePath } from '../../../testing/fixtures';

/** The shared fixture gallery of product pictures (`<fixtures>/embed/images/products`). */
export const productsDir = fixturePath('embed', 'images', 'products');

/** The gallery's manifest: catalogue pictures (`source`) and distractors, and query photos, each made from one source. */
export interface GalleryManifest {
  gallery: { id: string; source: boolean }[];
  queries: { id: string; target: string }[];
}

export async function readGalleryManifest(): Promise<GalleryManifest> {
  return JSON.parse(await readFile(path.join(productsDir, 'manifest.json'), 'utf8')) as GalleryManifest;
}

/** A loopback HTTP server for feeds and images: files from a folder, plus fixed routes. Counts requests per path. */
export async function startStaticServer(
  options: { dir?: string; routes?: Map<string, { body: string | Uint8Array; type: string }> } = {},
) {
  const hits = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const route = options.routes?.get(pathname);
    if (route) {
      response.writeHead(200, { 'content-type': route.type });
      response.end(route.body);
      return;
    }
    if (!options.dir || pathname.includes('..')) {
      response.writeHead(404).end();
      return;
    }
    readFile(path.join(options.dir, pathname)).then(
      (bytes) => {
        response.writeHead(200, {
          'content-type': pathname.endsWith('.png')
            ? 'image/png'
            : pathname.endsWith('.jpg')
              ? 'image/jpeg'
              : 'application/octet-stream',
        });
        response.end(bytes);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A loopback shop over the fixture gallery (`dir`): its pictures, and `/feed.tsv` listing the given
 * gallery ids as products: "Item <id>" at 10 + i EUR, in stock when i is odd, by Zenith when i is a
 * multiple of 3, else by Acme.
 */
export async function startGalleryShop(
  dir: string,
  ids: readonly string[],
  /** More files the shop serves beside its feed (a test may add to it later). */
  routes = new Map<string, { body: string | Uint8Array; type: string }>(),
) {
  let feed = '';
  routes.set('/feed.tsv', {
    type: 'text/tab-separated-values',
    get body() {
      return feed;
    },
  });
  const server = await startStaticServer({ dir, routes });
  feed = [
    'id\ttitle\tlink\timage_link\tprice\tavailability\tbrand',
    ...ids.map(
      (id, i) =>
        `${id}\tItem ${id}\thttps://shop.example/${id}\t${server.url}/gallery/${id}.png\t${10 + i}.00 EUR\t${i % 2 ? 'in stock' : 'out of stock'}\t${i % 3 ? 'Acme' : 'Zenith'}`,
    ),
  ].join('\n');
  return server;
}

/** The app over a fresh test database, with catalogue settings of the test's choosing. */
export async function createCatalogTestApp(target: TestDatabase, catalog: Partial<CatalogSettings>) {
  const database = await target.open();
  // LOUPE_FETCH_ALLOW_PRIVATE sets both: saving a pin from the test gallery (on loopback) needs the provenance side too.
  const provenance = { allowPrivate: catalog.fetchAllowPrivate ?? false, resolve: offlineResolve };
  const deps = createAppDeps(database, createLogger('silent'), { catalog, provenance, guards: TEST_GUARDS });
  const app = createApp(deps);
  const request = (url: string, init: RequestInit & { token?: string } = {}) => {
    const { token, ...rest } = init;
    const headers = new Headers(rest.headers);
    if (token) headers.set('authorization', `Bearer ${token}`);
    return app.request(url, { ...rest, headers });
  };
  return {
    app,
    deps,
    db: database.db,
    users: deps.users,
    request,
    async close() {
      await deps.pinEnrichment.close();
      await deps.pinEmbeddings.close();
      await deps.catalog.close();
      await database.close();
    },
  };
}
export type CatalogTestApp = Awaited<ReturnType<typeof createCatalogTestApp>>;

/** A valid product for feeds built in tests. */
export const sampleProduct = (id: string, overrides: Partial<Product> = {}): Product => ({
  sourceId: id,
  title: `Product ${id}`,
  link: `https://shop.example/p/${id}`,
  imageUrl: `https://cdn.shop.example/${id}.jpg`,
  additionalImageUrls: [],
  price: '10.00',
  currency: 'EUR',
  availability: 'in_stock',
  ...overrides,
});

export const jsonl = (rows: (Product | string)[]) =>
  rows.map((row) => (typeof row === 'string' ? row : JSON.stringify(row))).join('\n');

/** Polls an import until it finishes. */
export async function waitForImport(
  as: { get(path: string): Response | Promise<Response> },
  id: string,
  timeoutMs = 60_000,
): Promise<CatalogImport> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = CatalogImportSchema.parse(await (await as.get(`/v1/catalog/imports/${id}`)).json());
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    if (Date.now() > deadline) throw new Error(`import ${id} still ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An embedder that needs no model: every image is the same vector, so similar search runs end to end. */
export function fixedEmbedder(id: string): ImageEmbedder {
  return {
    id: `${id}:fp32`,
    dimensions: 4,
    hasTextTower: false,
    embedImage: async () => new Float32Array([1, 0, 0, 0]),
    embedImages: async (batch) => batch.map(() => new Float32Array([1, 0, 0, 0])),
    close: async () => {},
  };
}
