import { eq, sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ShopListSchema, ShopSchema, type Shop } from '../../../utils/contract';
import { products } from '../../platform/db/schema';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';
import { shopItems, startShop, testEmbedder, type TestShop } from './testing/shop-server';

const SHOPS = { requestDelayMs: 0, pollMs: 60_000, maxRetryAfterMs: 5_000 };

for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`followed shops on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let bob: ReturnType<typeof asUser>;
    let admin: ReturnType<typeof asUser>;
    const shops: TestShop[] = [];
    const embedder = testEmbedder();

    const open = async (...args: Parameters<typeof startShop>) => {
      const shop = await startShop(...args);
      shops.push(shop);
      return shop;
    };
    const follow = async (who: ReturnType<typeof asUser>, url: string, body: object = {}) => {
      const response = await who.post('/v1/shops', { url, ...body });
      expect(response.status).toBe(202);
      return ShopSchema.parse(await response.json());
    };
    const settle = async (who: ReturnType<typeof asUser>, id: string): Promise<Shop> => {
      await t.deps.shops.runner.idle();
      return ShopSchema.parse(await (await who.get(`/v1/shops/${id}`)).json());
    };
    const productsOf = (shopId: string) =>
      t.deps.database.db
        .select({
          sourceId: products.sourceId,
          price: products.price,
          ownerId: products.ownerId,
          title: products.title,
        })
        .from(products)
        .where(eq(products.source, `shop:${shopId}`));
    const search = async (who: ReturnType<typeof asUser>, q: string) =>
      (
        (await (await who.get(`/v1/products/search?q=${encodeURIComponent(q)}&k=50`)).json()) as {
          results: { product: { source: string } }[];
        }
      ).results;

    beforeAll(async () => {
      t = await createTestApp(target, { catalog: { embedder, fetchAllowPrivate: true }, shops: SHOPS });
      ada = asUser(t, (await t.users.create('ada')).token);
      bob = asUser(t, (await t.users.create('bob')).token);
      admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
    });
    afterEach(() => t.deps.shops.runner.idle());
    afterAll(async () => {
      await t.close();
      await Promise.all(shops.map((shop) => shop.close()));
    });

    it('reads a Shopify store of 600 products over 3 pages and an empty one, politely, embedding the images', async () => {
      const store = await open('shopify', shopItems(600));
      const queued = await follow(ada, `${store.origin}/products/lamp-3?variant=300`);
      expect(queued).toMatchObject({ origin: store.origin, status: 'queued', products: 0, forEveryone: false });

      const shop = await settle(ada, queued.id);
      expect(shop).toMatchObject({ platform: 'shopify', status: 'ready', products: 600, error: null });
      expect(shop.progress.read).toBe(600);
      expect(Date.parse(shop.nextRefreshAt!) - Date.parse(shop.lastRefreshedAt!)).toBe(24 * 60 * 60 * 1000);
      for (const page of [1, 2, 3, 4]) expect(store.hits.get(`/products.json?limit=250&page=${page}`)).toBe(1);
      expect(store.hits.get('/products.json?limit=250&page=5')).toBeUndefined();
      expect(store.requests.every((request) => request.userAgent.startsWith('Loupe/'))).toBe(true);

      const rows = await productsOf(shop.id);
      expect(rows).toHaveLength(600);
      expect(rows.find((row) => row.sourceId === '300')).toMatchObject({ title: 'Lamp 3', price: '13.50' });
      const embedded = await t.deps.database.db.execute(
        sql`SELECT count(*)::int AS n FROM product_images pi JOIN products p ON p.id = pi.product_id WHERE p.source = ${`shop:${shop.id}`} AND pi.embedder_id = ${embedder.id}`,
      );
      expect((embedded as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(600);
    });

    it("keeps a shop's products in its follower's catalogue only, and takes them away on unfollow", async () => {
      const store = await open('woocommerce', shopItems(3, 7001));
      const shop = await settle(ada, (await follow(ada, `${store.origin}/shop/`)).id);
      expect(shop).toMatchObject({ platform: 'woocommerce', status: 'ready', products: 3 });
      expect((await productsOf(shop.id)).map((row) => row.price).sort()).toEqual(store.items.map((item) => item.price));

      expect((await search(ada, 'Lamp 7002')).map((r) => r.product.source)).toContain(`shop:${shop.id}`);
      expect((await search(bob, 'Lamp 7002')).map((r) => r.product.source)).not.toContain(`shop:${shop.id}`);
      await expectProblem(await bob.get(`/v1/shops/${shop.id}`), 404);
      await expectProblem(await bob.delete(`/v1/shops/${shop.id}`), 404);
      expect(ShopListSchema.parse(await (await bob.get('/v1/shops')).json()).items.map((s) => s.id)).not.toContain(
        shop.id,
      );

      expect((await ada.delete(`/v1/shops/${shop.id}`)).status).toBe(204);
      expect(await productsOf(shop.id)).toHaveLength(0);
      expect(await search(ada, 'Lamp 7002')).toHaveLength(0);
      await expectProblem(await ada.get(`/v1/shops/${shop.id}`), 404);
    });

    it('lets an admin, and only an admin, follow a shop for everyone', async () => {
      const store = await open('woocommerce', shopItems(2, 8001));
      await expectProblem(await ada.post('/v1/shops', { url: store.origin, forEveryone: true }), 403);
      const shop = await settle(admin, (await follow(admin, store.origin, { forEveryone: true })).id);
      expect(shop).toMatchObject({ forEveryone: true, products: 2 });
      expect((await productsOf(shop.id)).every((row) => row.ownerId === null)).toBe(true);
      expect((await search(bob, 'Lamp 8002')).map((r) => r.product.source)).toContain(`shop:${shop.id}`);
      await expectProblem(await bob.delete(`/v1/shops/${shop.id}`), 403);
    });

    it('reads a plain shop from its sitemap index and JSON-LD pages, honouring robots.txt', async () => {
      const store = await open('sitemap', shopItems(5, 9001));
      const shop = await settle(ada, (await follow(ada, `${store.origin}/p/9003`)).id);
      expect(shop).toMatchObject({ platform: 'sitemap', status: 'ready', products: 5 });
      const rows = await productsOf(shop.id);
      expect(rows.map((row) => row.sourceId).sort()).toEqual(
        [9001, 9002, 9003, 9004, 9005].map((id) => `${store.origin}/p/${id}`),
      );
      expect(store.hits.get('/sitemap-products.xml.gz')).toBe(1);
      expect(store.hits.get('/about')).toBe(1); // read, but it sells nothing
      expect(store.hitsOf('/private/')).toBe(0); // disallowed by robots.txt
    });

    it("pauses between the sitemap crawl's requests as long as robots.txt Crawl-delay asks, when longer than the setting", async () => {
      const store = await open('sitemap', shopItems(3, 9601));
      store.override('/robots.txt', () => ({
        headers: { 'content-type': 'text/plain' },
        body: `User-agent: Loupe\nDisallow: /private/\nCrawl-delay: 0.4\n\nSitemap: ${store.origin}/sitemap_index.xml\n`,
      }));
      const shop = await settle(ada, (await follow(ada, store.origin)).id);
      expect(shop).toMatchObject({ status: 'ready', products: 3 });
      // The setting here is no pause at all: every gap after robots.txt is the shop's own 400 ms.
      const afterRobots = store.requests.slice(store.requests.findIndex((r) => r.path === '/robots.txt') + 1);
      expect(afterRobots.length).toBeGreaterThanOrEqual(6); // sitemaps, pages, images
      const gaps = afterRobots.slice(1).map((request, i) => request.at - afterRobots[i]!.at);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(395); // timers may fire a hair early against performance.now()
    });

    it('refreshes with conditional requests: unchanged products stay, changed ones update, vanished ones go', async () => {
      const store = await open('sitemap', shopItems(4, 9101));
      const first = await settle(ada, (await follow(ada, store.origin)).id);
      expect(first.products).toBe(4);
      const embeddedBefore = embedder.embedded;

      // Nothing changed: every page answers 304, nothing is embedded again.
      const requestsBefore = store.requests.length;
      expect((await ada.post(`/v1/shops/${first.id}/refresh`, {})).status).toBe(202);
      expect(await settle(ada, first.id)).toMatchObject({ status: 'ready', products: 4 });
      const refresh = store.requests.slice(requestsBefore).filter((r) => r.path.startsWith('/p/'));
      expect(refresh.map((r) => r.status)).toEqual([304, 304, 304, 304]);
      expect(embedder.embedded).toBe(embeddedBefore);

      // One product's price changes, one leaves the shop.
      store.items[0] = { ...store.items[0]!, price: '99.00' };
      store.items.pop();
      await ada.post(`/v1/shops/${first.id}/refresh`, {});
      expect(await settle(ada, first.id)).toMatchObject({ status: 'ready', products: 3 });
      const rows = await productsOf(first.id);
      expect(rows.map((row) => row.sourceId).sort()).toEqual([9101, 9102, 9103].map((id) => `${store.origin}/p/${id}`));
      expect(rows.find((row) => row.sourceId.endsWith('/p/9101'))!.price).toBe('99.00');
    });

    it('waits out a 429 for as long as Retry-After asks, then reads on', async () => {
      const store = await open('woocommerce', shopItems(2, 9201));
      let limited = 0;
      store.override('/wp-json/wc/store/v1/products?per_page=100&page=1', () =>
        limited++ === 0 ? { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' } : undefined,
      );
      const shop = await settle(ada, (await follow(ada, store.origin)).id);
      expect(shop).toMatchObject({ status: 'ready', products: 2 });
      expect(limited).toBe(2);
    });

    it('fails a run whose shop asks for a longer pause than Loupe waits, and says why', async () => {
      const store = await open('woocommerce', shopItems(2, 9301));
      store.override('/wp-json/wc/store/v1/products?per_page=100&page=1', () => ({
        status: 429,
        headers: { 'retry-after': '3600' },
      }));
      const shop = await settle(ada, (await follow(ada, store.origin)).id);
      expect(shop.status).toBe('failed');
      expect(shop.error).toMatch(/asked Loupe to wait 3600 s/);
    });

    it('caps the products read from one shop', async () => {
      const capped = await createTestApp(target, {
        catalog: { embedder, fetchAllowPrivate: true },
        shops: { ...SHOPS, maxProducts: 260 },
      });
      try {
        const store = await open('shopify', shopItems(600));
        const carol = asUser(capped, (await capped.users.create('carol')).token);
        const queued = ShopSchema.parse(await (await carol.post('/v1/shops', { url: store.origin })).json());
        await capped.deps.shops.runner.idle();
        const shop = ShopSchema.parse(await (await carol.get(`/v1/shops/${queued.id}`)).json());
        expect(shop).toMatchObject({ status: 'ready', products: 260 });
        expect(store.hits.get('/products.json?limit=250&page=3')).toBeUndefined();
      } finally {
        await capped.close();
      }
    });

    it('fails on a garbage products.json page without touching what it holds', async () => {
      const store = await open('shopify', shopItems(300));
      const shop = await settle(ada, (await follow(ada, store.origin)).id);
      expect(shop.products).toBe(300);
      store.override('/products.json?limit=250&page=2', () => ({ body: '<html>oops</html>' }));
      await ada.post(`/v1/shops/${shop.id}/refresh`, {});
      const failed = await settle(ada, shop.id);
      expect(failed.status).toBe('failed');
      expect(failed.error).toMatch(/page 2 .* not a list of products/);
      expect(await productsOf(shop.id)).toHaveLength(300);
    });

    it('refuses a products.json too large to be one, and reads the shop another way', async () => {
      const store = await open('sitemap', shopItems(1, 9401));
      const huge = new Uint8Array(20 * 1024 * 1024).fill(0x20);
      store.override('/products.json', () => ({ headers: { 'content-type': 'application/json' }, body: huge }));
      const shop = await settle(ada, (await follow(ada, store.origin)).id);
      expect(shop).toMatchObject({ platform: 'sitemap', status: 'ready', products: 1 });
    });

    it('refuses to follow a redirect to a private address', async () => {
      const guarded = await createTestApp(target, {
        catalog: { embedder, fetchAllowPrivate: false },
        shops: { ...SHOPS, fetchAllowPrivate: 'first-hop' as unknown as boolean },
      });
      try {
        const store = await open('woocommerce', shopItems(1, 9501));
        store.override('/wp-json/wc/store/v1/products', () => ({
          status: 302,
          headers: { location: 'http://169.254.169.254/latest/meta-data/' },
        }));
        store.override('/robots.txt', () => ({ status: 302, headers: { location: 'http://10.0.0.1/robots.txt' } }));
        store.override('/sitemap.xml', () => ({
          status: 302,
          headers: { location: 'http://192.168.1.1/sitemap.xml' },
        }));
        const dave = asUser(guarded, (await guarded.users.create('dave')).token);
        const queued = ShopSchema.parse(await (await dave.post('/v1/shops', { url: store.origin })).json());
        await guarded.deps.shops.runner.idle();
        const shop = ShopSchema.parse(await (await dave.get(`/v1/shops/${queued.id}`)).json());
        expect(shop).toMatchObject({ status: 'ready', products: 0 });
        expect(store.hits.get('/wp-json/wc/store/v1/products?per_page=1')).toBe(1);
      } finally {
        await guarded.close();
      }
    });

    it('answers bad input with a problem', async () => {
      await expectProblem(await ada.post('/v1/shops', { url: 'ftp://shop.example/' }), 400);
      await expectProblem(await ada.post('/v1/shops', { url: 'https://shop.example/', extra: 1 }), 400);
      await expectProblem(await ada.get('/v1/shops/not-a-uuid'), 400);
    });
  });
}
