/**
 * Loopback stand-ins for the three kinds of shop Loupe follows: a Shopify-like
 * store (products.json pages, meta.json), a WooCommerce-like one (Store API),
 * and a plain shop (robots.txt, a sitemap index, a gzipped sitemap). Every kind
 * has JSON-LD product pages, as a person browsing it sees them. Each answers
 * conditional requests with 304 when nothing changed, counts requests per
 * path, and lets a test override any path.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';

export interface ShopItem {
  id: number;
  title: string;
  /** "19.99" */
  price: string;
  available: boolean;
}

export type ShopKind = 'shopify' | 'woocommerce' | 'sitemap';

export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

/** A test's own answer for a path (with query); undefined lets the shop answer. */
export type Override = (request: IncomingMessage) => Answer | undefined;

export const shopItems = (count: number, from = 1): ShopItem[] =>
  Array.from({ length: count }, (_, i) => ({
    id: from + i,
    title: `Lamp ${from + i}`,
    price: `${10 + ((from + i) % 90)}.50`,
    available: (from + i) % 7 !== 0,
  }));

/** A small PNG of a colour of its own per product: real image bytes for the embedder. */
const images = new Map<number, Promise<Buffer>>();
function productImage(id: number): Promise<Buffer> {
  let image = images.get(id);
  if (!image) {
    image = sharp({
      create: { width: 8, height: 8, channels: 3, background: { r: id % 256, g: (id * 7) % 256, b: (id * 13) % 256 } },
    })
      .png()
      .toBuffer();
    images.set(id, image);
  }
  return image;
}

const json = (value: unknown, headers: Record<string, string> = {}): Answer => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

function shopifyAnswer(url: URL, items: ShopItem[], origin: string): Answer | undefined {
  if (url.pathname === '/meta.json') return json({ name: 'Lamp shop', currency: 'EUR' });
  const shown = /^\/products\/lamp-(\d+)$/.exec(url.pathname);
  const item = shown ? items.find((i) => i.id === Number(shown[1])) : undefined;
  if (item) return { headers: { 'content-type': 'text/html' }, body: productPage(item, origin, url.pathname) };
  if (url.pathname !== '/products.json') return undefined;
  const limit = Math.min(250, Number(url.searchParams.get('limit') ?? 30));
  const page = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((page - 1) * limit, page * limit);
  return json({
    products: slice.map((item) => ({
      id: item.id,
      title: item.title,
      handle: `lamp-${item.id}`,
      vendor: 'Lumen',
      body_html: `<p>A lamp, number ${item.id}</p>`,
      options: [{ name: 'Title', position: 1 }],
      images: [{ id: item.id * 10, position: 1, src: `${origin}/img/${item.id}.png`, variant_ids: [] }],
      variants: [
        {
          id: item.id * 100,
          title: 'Default Title',
          price: item.price,
          available: item.available,
          sku: `L-${item.id}`,
        },
      ],
    })),
  });
}

function wooAnswer(url: URL, items: ShopItem[], origin: string): Answer | undefined {
  const shown = /^\/product\/lamp-(\d+)\/$/.exec(url.pathname);
  const item = shown ? items.find((i) => i.id === Number(shown[1])) : undefined;
  if (item) return { headers: { 'content-type': 'text/html' }, body: productPage(item, origin, url.pathname) };
  if (url.pathname !== '/wp-json/wc/store/v1/products') return undefined;
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 10));
  const page = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const minor = (price: string) => price.replace('.', '');
  return json(
    slice.map((item) => ({
      id: item.id,
      name: item.title,
      permalink: `${origin}/product/lamp-${item.id}/`,
      sku: `W-${item.id}`,
      short_description: `<p>Lamp ${item.id}, hand made</p>`,
      prices: {
        price: minor(item.price),
        regular_price: minor(item.price),
        sale_price: minor(item.price),
        currency_code: 'GBP',
        currency_minor_unit: 2,
      },
      images: [{ id: item.id, src: `${origin}/img/${item.id}.png` }],
      is_in_stock: item.available,
    })),
    { 'x-wp-total': String(items.length), 'x-wp-totalpages': String(Math.ceil(items.length / perPage)) },
  );
}

/** A product page with its schema.org Product, as every kind of shop has; `path` is the page's own. */
const productPage = (item: ShopItem, origin: string, path = `/p/${item.id}`) => `<!doctype html>
<html><head><title>${item.title}</title>
<link rel="canonical" href="${origin}${path}">
<script type="application/ld+json">${JSON.stringify({
  '@context': 'https://schema.org',
  '@type': 'Product',
  name: item.title,
  image: `/img/${item.id}.png`,
  sku: `S-${item.id}`,
  offers: {
    '@type': 'Offer',
    price: item.price,
    priceCurrency: 'USD',
    availability: item.available ? 'https://schema.org/InStock' : 'https://schema.org/OutOfStock',
  },
})}</script></head><body><h1>${item.title}</h1></body></html>`;

const urlset = (urls: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls
    .map((url) => `<url><loc>${url}</loc></url>`)
    .join('')}</urlset>`;

function sitemapAnswer(url: URL, items: ShopItem[], origin: string): Answer | undefined {
  const xml = (body: string | Uint8Array) => ({ headers: { 'content-type': 'application/xml' }, body });
  switch (url.pathname) {
    case '/robots.txt':
      return {
        headers: { 'content-type': 'text/plain' },
        body: `User-agent: *\nDisallow: /private/\n\nSitemap: ${origin}/sitemap_index.xml\n`,
      };
    case '/sitemap_index.xml':
      return xml(
        `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${origin}/sitemap-products.xml.gz</loc></sitemap><sitemap><loc>${origin}/sitemap-pages.xml</loc></sitemap></sitemapindex>`,
      );
    case '/sitemap-products.xml.gz':
      return xml(gzipSync(urlset([...items.map((item) => `${origin}/p/${item.id}`), `${origin}/private/p/999999`])));
    case '/sitemap-pages.xml':
      return xml(urlset([`${origin}/about`]));
    case '/about':
      return { headers: { 'content-type': 'text/html' }, body: '<html><body><h1>About us</h1></body></html>' };
  }
  const page = /^\/(?:private\/)?p\/(\d+)$/.exec(url.pathname);
  const item = page ? (items.find((i) => i.id === Number(page[1])) ?? null) : null;
  if (page && url.pathname.startsWith('/private/'))
    return {
      headers: { 'content-type': 'text/html' },
      body: productPage({ id: 999999, title: 'Secret lamp', price: '1.00', available: true }, origin),
    };
  if (item) return { headers: { 'content-type': 'text/html' }, body: productPage(item, origin) };
  return undefined;
}

const ANSWERS = { shopify: shopifyAnswer, woocommerce: wooAnswer, sitemap: sitemapAnswer };

export interface ShopOptions {
  /** The picture of product `id` (PNG); by default a small square of a colour of its own. */
  imageOf?: (id: number) => Promise<Uint8Array>;
}

/** Starts a shop of this kind on 127.0.0.1. `items` may be changed between reads (a shop's stock changes). */
export async function startShop(kind: ShopKind, items: ShopItem[], { imageOf = productImage }: ShopOptions = {}) {
  const hits = new Map<string, number>();
  const overrides = new Map<string, Override>();
  /** Every request, in the order they arrived; `at` is when (performance.now()). */
  const requests: { path: string; userAgent: string; conditional: boolean; status: number; at: number }[] = [];
  let origin = '';

  const answer = async (request: IncomingMessage): Promise<Answer> => {
    const url = new URL(request.url ?? '/', origin);
    const override = overrides.get(url.pathname + url.search) ?? overrides.get(url.pathname);
    const custom = override?.(request);
    if (custom) return custom;
    const image = /^\/img\/(\d+)\.png$/.exec(url.pathname);
    if (image) return { headers: { 'content-type': 'image/png' }, body: await imageOf(Number(image[1])) };
    return ANSWERS[kind](url, shop.items, origin) ?? { status: 404, body: 'not found' };
  };

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = request.url ?? '/';
    const at = performance.now();
    hits.set(path, (hits.get(path) ?? 0) + 1);
    void answer(request).then((result) => {
      const body = result.body ?? '';
      const status = result.status ?? 200;
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      const conditional = request.headers['if-none-match'] !== undefined;
      let sent = status;
      if (status === 200 && request.headers['if-none-match'] === etag) {
        response.writeHead(304, { etag });
        response.end();
        sent = 304;
      } else {
        response.writeHead(status, { ...(status === 200 ? { etag } : {}), ...result.headers });
        response.end(body);
      }
      requests.push({ path, userAgent: request.headers['user-agent'] ?? '', conditional, status: sent, at });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const shop = {
    origin,
    items,
    hits,
    requests,
    /** Answers `path` (with its query, or any query) the test's way. */
    override(path: string, handler: Override) {
      overrides.set(path, handler);
    },
    hitsOf: (prefix: string) => [...hits].filter(([path]) => path.startsWith(prefix)).reduce((n, [, c]) => n + c, 0),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return shop;
}
export type TestShop = Awaited<ReturnType<typeof startShop>>;

/** A stand-in embedder: a 4-d vector from the image bytes, so tests of shops need no model. */
export function testEmbedder() {
  const embed = (bytes: Uint8Array) => {
    const digest = createHash('sha256').update(bytes).digest();
    const v = new Float32Array([digest[0]! + 1, digest[1]! + 1, digest[2]! + 1, digest[3]! + 1]);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  };
  const embedder = {
    id: 'test/shops:fp32',
    dimensions: 4,
    hasTextTower: false,
    embedded: 0,
    embedImage: async (bytes: Uint8Array) => embed(bytes),
    embedImages: async (batch: readonly Uint8Array[]) => {
      embedder.embedded += batch.length;
      return batch.map(embed);
    },
    close: async () => {},
  };
  return embedder;
}
