import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCapturedProductResultSchema,
  URL_REFUSED_PROBLEM_TYPE,
  type CapturedProduct,
  ForgetCapturedProductsResultSchema,
  ProductSearchResponseSchema,
} from '../../../../utils/contract';
import { startStaticServer } from '../testing/catalog';
import type { ImageEmbedder } from '../embeddings';
import { asUser, expectProblem } from '../../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { apiTestDatabases } from '../../../testing/test-databases';

/** Every image embeds to the same vector: these tests are about storage and visibility, not about looks. */
const embedder: ImageEmbedder = {
  id: 'test/captured:fp32',
  dimensions: 4,
  hasTextTower: false,
  embedImage: async () => new Float32Array([1, 0, 0, 0]),
  embedImages: async (batch) => batch.map(() => new Float32Array([1, 0, 0, 0])),
  close: async () => {},
};

const lamp = (overrides: Partial<CapturedProduct> = {}): CapturedProduct => ({
  name: 'Walnut mushroom lamp',
  brand: 'Hollow',
  price: '129.00',
  currency: 'EUR',
  availability: 'in_stock',
  images: ['https://cdn.hollow.example/lamp.jpg'],
  ...overrides,
});
const pageUrl = 'https://hollow.example/products/mushroom-lamp';

for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`captured products on ${target.name}`, () => {
    let t: TestApp;
    let ada: ReturnType<typeof asUser>;
    let bob: ReturnType<typeof asUser>;
    let admin: ReturnType<typeof asUser>;

    beforeAll(async () => {
      // Public addresses only (the default): a captured image on a private address must never be fetched.
      t = await createTestApp(target, { catalog: { embedder } });
      ada = asUser(t, (await t.users.create('ada')).token);
      bob = asUser(t, (await t.users.create('bob')).token);
      admin = asUser(t, (await t.users.create('root', { isAdmin: true })).token);
    });
    afterAll(() => t?.close());

    const add = async (as: ReturnType<typeof asUser>, product: CapturedProduct, page = pageUrl) => {
      const response = await as.post('/v1/catalog/captured', { product, pageUrl: page });
      return { status: response.status, body: AddCapturedProductResultSchema.parse(await response.json()) };
    };
    const search = async (as: ReturnType<typeof asUser>, query: string) =>
      ProductSearchResponseSchema.parse(await (await as.get(`/v1/products/search?${query}`)).json()).results;

    it('adds a captured product once per link, linking to the page when the product names no URL, and updates it when it changes', async () => {
      const first = await add(ada, lamp());
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({
        outcome: 'created',
        product: {
          title: 'Walnut mushroom lamp',
          brand: 'Hollow',
          price: '129.00',
          currency: 'EUR',
          availability: 'in_stock',
          link: pageUrl,
          imageUrl: 'https://cdn.hollow.example/lamp.jpg',
          source: 'captured',
        },
      });
      // The same page reached through an anchor is the same product.
      const again = await add(ada, lamp(), `${pageUrl}#reviews`);
      expect(again).toMatchObject({
        status: 200,
        body: { outcome: 'unchanged', product: { id: first.body.product.id } },
      });
      const cheaper = await add(ada, lamp({ price: '99.00' }));
      expect(cheaper).toMatchObject({
        status: 200,
        body: { outcome: 'updated', product: { id: first.body.product.id, price: '99.00' } },
      });
      await t.deps.catalog.idle();
    });

    it('refuses with 422 a product that cannot join a catalogue, saying what it lacks, and 400 for malformed input', async () => {
      const noPrice = await expectProblem(
        await ada.post('/v1/catalog/captured', { product: lamp({ price: undefined, currency: undefined }), pageUrl }),
        422,
      );
      expect(noPrice.detail).toMatch(/no price, no currency/);
      const noImage = await expectProblem(
        await ada.post('/v1/catalog/captured', { product: lamp({ images: [] }), pageUrl }),
        422,
      );
      expect(noImage.detail).toMatch(/no http\(s\) image/);
      // Well-formed but no active ISO 4217 code.
      await expectProblem(await ada.post('/v1/catalog/captured', { product: lamp({ currency: 'XYZ' }), pageUrl }), 422);
      await expectProblem(
        await ada.post('/v1/catalog/captured', { product: lamp(), pageUrl: 'javascript:alert(1)' }),
        400,
      );
      await expectProblem(await ada.post('/v1/catalog/captured', { product: lamp(), pageUrl, extra: true }), 400);
      await expectProblem(
        await ada.post('/v1/catalog/captured', { product: { ...lamp(), price: 12.5 }, pageUrl }),
        400,
      );
    });

    it('shows a captured product to its owner only: keyword search, source filter, and another user’s copy of the same product', async () => {
      const adas = (await search(ada, 'q=mushroom+lamp')).map((r) => r.product);
      expect(adas).toHaveLength(1);
      expect(adas[0]).toMatchObject({ source: 'captured', link: pageUrl });
      expect(await search(bob, 'q=mushroom+lamp')).toEqual([]);
      expect(await search(bob, 'q=walnut&source=captured')).toEqual([]);

      // Bob captures the same product: his own copy, which ada does not see either.
      const bobs = await add(bob, lamp({ name: 'Walnut mushroom lamp (bob’s find)' }));
      expect(bobs.status).toBe(201);
      expect(bobs.body.product.id).not.toBe(adas[0]!.id);
      expect((await search(ada, 'q=mushroom+lamp')).map((r) => r.product.id)).toEqual([adas[0]!.id]);
      expect((await search(bob, 'q=mushroom+lamp')).map((r) => r.product.id)).toEqual([bobs.body.product.id]);
    });

    it('refuses, when it is sent, a product whose image or link is on a private address, and never fetches it', async () => {
      const images = await startStaticServer({
        routes: new Map([['/private.png', { type: 'image/png', body: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) }]]),
      });
      try {
        const refusals = [
          {
            product: lamp({ name: 'Loopback vase', images: [`${images.url}/private.png`] }),
            field: 'product.images.0',
          },
          {
            product: lamp({ name: 'Loopback vase', url: 'http://10.0.0.7/products/vase' }),
            field: 'product.url',
          },
          { product: lamp({ name: 'Loopback vase' }), page: 'http://[::1]/products/vase', field: 'pageUrl' },
        ];
        for (const { product, page, field } of refusals) {
          const problem = await expectProblem(
            await ada.post('/v1/catalog/captured', {
              product,
              pageUrl: page ?? 'https://hollow.example/products/vase',
            }),
            422,
          );
          expect(problem).toMatchObject({ type: URL_REFUSED_PROBLEM_TYPE, title: 'Image URL not allowed' });
          expect(problem.detail).toMatch(/^Refused \(private or reserved address\)/);
          expect(problem.detail).toContain(`: ${field}: `);
        }
        await t.deps.catalog.idle();
        expect(images.hits.size).toBe(0);
        expect(await search(ada, 'q=loopback+vase')).toEqual([]);
      } finally {
        await images.close();
      }
    });

    it('keeps feed imports out of the reserved "captured" source', async () => {
      const problem = await expectProblem(
        await admin.post('/v1/catalog/imports', {
          url: 'https://shop.example/feed.tsv',
          source: 'captured',
          embed: false,
        }),
        400,
      );
      expect(problem.detail).toMatch(/reserved/);
    });

    it('forgets the caller’s captured products only', async () => {
      const forget = async (as: ReturnType<typeof asUser>) => {
        const response = await as.delete('/v1/catalog/captured');
        expect(response.status).toBe(200);
        return ForgetCapturedProductsResultSchema.parse(await response.json()).removed;
      };
      expect(await forget(bob)).toBe(1);
      expect(await search(ada, 'q=mushroom+lamp')).toHaveLength(1);
      expect(await forget(ada)).toBe(1);
      expect(await search(ada, 'q=mushroom+lamp')).toEqual([]);
      expect(await forget(ada)).toBe(0);
    });
  });
}
