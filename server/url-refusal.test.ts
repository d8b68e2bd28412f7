import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BoardSchema, type Problem, URL_REFUSED_PROBLEM_TYPE } from '../utils/contract';
import { fixedEmbedder } from './features/catalog/testing/catalog';
import { asUser, expectProblem } from './testing/api-helpers';
import { createTestApp, type TestApp } from './testing/test-app';
import { apiTestDatabases } from './testing/test-databases';

/**
 * One refusal: every route that takes a URL the server fetches, now (provenance, similar search)
 * or later (a pin's image, a captured product's images, and the pages they came from), refuses a
 * URL it will not fetch with the same status and problem type, when the request comes; and an
 * invalid URL with the same 400 naming the field and what is wrong with it (too long is not "not a
 * URL"). Saving is storage, so the saving routes run on every database Loupe runs on.
 */
const embedder = fixedEmbedder('test/url-refusal');

const PRIVATE_URLS = [
  'http://127.0.0.1/a.png',
  'http://10.0.0.1/a.png',
  'http://[::1]/a.png',
  'http://169.254.169.254/',
  'http://2130706433/a.png', // 127.0.0.1 spelled as one number
  'http://[::ffff:7f00:1]/a.png', // 127.0.0.1 inside IPv6
  'http://localhost/a.png', // a name that resolves to one (through /etc/hosts: no network)
];

const expectRefusal = (problem: Problem) => {
  expect(problem).toMatchObject({ type: URL_REFUSED_PROBLEM_TYPE, title: 'Image URL not allowed' });
  expect(problem.detail).toMatch(/^Refused \(private or reserved address\)/);
};

for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`URL refusals on ${target.name}`, () => {
    let t: TestApp;
    let user: ReturnType<typeof asUser>;
    let boardId: string;
    beforeAll(async () => {
      t = await createTestApp(target, { catalog: { embedder } });
      user = asUser(t, (await t.users.create('ursula')).token);
      boardId = BoardSchema.parse(await (await user.post('/v1/boards', { name: 'Refusals' })).json()).id;
    });
    afterAll(() => t?.close());

    const product = (images: string[]) => ({ name: 'Lamp', price: '10.00', currency: 'EUR', images });
    /** Each route that takes a URL, sending `url` where that route takes it. */
    const routes = {
      provenance: (url: string) => user.post('/v1/provenance', { url }),
      'similar search': (url: string) => user.post('/v1/products/similar', { url }),
      'pin image': (url: string) => user.post('/v1/pins', { boardId, imageUrl: url }),
      'pin source page': (url: string) =>
        user.post('/v1/pins', { boardId, imageUrl: 'https://cdn.example/lamp.jpg', sourceUrl: url }),
      "pin's product image": (url: string) =>
        user.post('/v1/pins', {
          boardId,
          imageUrl: 'https://cdn.example/lamp.jpg',
          product: product(['https://cdn.example/lamp.jpg', url]),
        }),
      'captured product image': (url: string) =>
        user.post('/v1/catalog/captured', { product: product([url]), pageUrl: 'https://shop.example/lamp' }),
      'captured product page': (url: string) =>
        user.post('/v1/catalog/captured', { product: product(['https://cdn.example/lamp.jpg']), pageUrl: url }),
    };

    it.each(PRIVATE_URLS)('refuses %s alike on every route that takes it, when the request comes', async (url) => {
      for (const [route, send] of Object.entries(routes)) {
        const response = await send(url);
        expect(response.status, route).toBe(422);
        expectRefusal(await expectProblem(response, 422));
      }
      // Nothing was saved on the way.
      expect((await (await user.get(`/v1/boards/${boardId}/pins`)).json()).items).toEqual([]);
      expect((await (await user.delete('/v1/catalog/captured')).json()).removed).toBe(0);
    });

    it('names the field that holds the refused URL', async () => {
      const cases: [keyof typeof routes, string][] = [
        ['pin image', 'imageUrl'],
        ['pin source page', 'sourceUrl'],
        ["pin's product image", 'product.images.1'],
        ['captured product image', 'product.images.0'],
        ['captured product page', 'pageUrl'],
      ];
      for (const [route, field] of cases) {
        const problem = await expectProblem(await routes[route]('http://10.0.0.1/a.png'), 422);
        expect(problem.detail, route).toContain(`): ${field}: `);
      }
    });

    it('refuses a URL with credentials as a fetch would, on the saving routes too', async () => {
      for (const route of ['pin image', 'captured product image'] as const) {
        const problem = await expectProblem(await routes[route]('https://user:secret@cdn.example/a.png'), 422);
        expect(problem).toMatchObject({ type: URL_REFUSED_PROBLEM_TYPE });
        expect(problem.detail).toMatch(/^Refused \(URL not allowed\).*credentials/);
      }
    });

    it('saves a URL whose host does not resolve (yet): the fetch checks it again later', async () => {
      expect((await routes['pin image']('https://unresolved.example/a.png')).status).toBe(201);
      expect((await routes['captured product image']('https://unresolved.example/a.png')).status).toBe(201);
    });

    it.each([
      ['ftp://example.com/a.png', 'an absolute http or https URL is required'],
      ['not a url', 'an absolute http or https URL is required'],
      [`https://example.com/${'a'.repeat(5000)}`, 'a URL has at most'],
    ])('answers the invalid URL %s with a 400 that says what is wrong, on every route', async (url, message) => {
      for (const [route, send] of Object.entries(routes)) {
        const problem = await expectProblem(await send(url), 400);
        expect(problem.type, route).toBe('about:blank');
        expect(problem.errors, route).toEqual([
          {
            path: expect.stringMatching(/url|imageUrl|sourceUrl|pageUrl|images/i),
            message: expect.stringContaining(message),
          },
        ]);
      }
    });
  });

  describe.skipIf(!target.available)(`URL refusals on ${target.name}, where private addresses are allowed`, () => {
    let t: TestApp;
    let user: ReturnType<typeof asUser>;
    beforeAll(async () => {
      // What LOUPE_FETCH_ALLOW_PRIVATE=true gives a self-hosted server (or the end-to-end tests).
      t = await createTestApp(target, {
        catalog: { embedder, fetchAllowPrivate: true },
        provenance: { allowPrivate: true },
      });
      user = asUser(t, (await t.users.create('pat')).token);
    });
    afterAll(() => t?.close());

    it('saves pins and captured products from private addresses', async () => {
      // Loopback's discard port: the background fetch of the image is refused at once, on this machine.
      const image = 'http://127.0.0.1:9/photo.jpg';
      const boardId = BoardSchema.parse(await (await user.post('/v1/boards', { name: 'Home lab' })).json()).id;
      const pin = await user.post('/v1/pins', { boardId, imageUrl: image, sourceUrl: 'http://localhost/gallery' });
      expect(pin.status).toBe(201);
      const captured = await user.post('/v1/catalog/captured', {
        product: { name: 'Lamp', price: '10.00', currency: 'EUR', images: [image] },
        pageUrl: 'http://[::1]/shop/lamp',
      });
      expect(captured.status).toBe(201);
    });
  });
}
