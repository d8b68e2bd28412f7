import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AddCapturedProductResultSchema,
  BoardSchema,
  ForgetCapturedProductsResultSchema,
  PinSearchResponseSchema,
  ProductSearchResponseSchema,
  RevokedTokenSchema,
  SavedLookupSchema,
  SavePinResultSchema,
  UserSchema,
} from '../utils/contract';
import { vectorSupport } from './features/catalog/vector-store';
import type { ImageEmbedder } from './features/catalog/embeddings';
import { asUser } from './testing/api-helpers';
import { createTestApp, type TestApp } from './testing/test-app';
import { apiTestDatabases } from './testing/test-databases';

/**
 * The ownership audit: user B, with a valid token, aims at every route of the API with user A's
 * ids and data, and must get 404 (or 403) and nothing of A's back. The routes come from the app
 * itself and from its OpenAPI document: a route added without a case here fails this test.
 */

/** What bob can learn about ada from one response, if anything leaks. */
interface Ada {
  token: string;
  boardId: string;
  boardName: string;
  pinId: string;
  imageUrl: string;
  note: string;
  idempotencyKey: string;
  /** A product ada captured while browsing: in her catalogue only. */
  captured: { id: string; title: string; link: string };
  /** A shop ada follows: its products join her catalogue only. */
  shop: { id: string; origin: string };
}

interface Bob {
  api: ReturnType<typeof asUser>;
  boardId: string;
  pinId: string;
}

interface Context {
  ada: Ada;
  bob: Bob;
  t: TestApp;
  hasVectors: boolean;
}

/** One probe per route: bob's request aimed at ada's data, and what it must answer. Returns the body to check for leaks. */
type Probe = (c: Context) => Promise<Response | string>;

const expectStatus = (response: Response, ...statuses: number[]) => {
  expect(statuses, `${response.url || 'response'} answered ${response.status}`).toContain(response.status);
  return response;
};

const probes: Record<string, Probe> = {
  'GET /v1/me': async ({ bob }) => {
    const response = expectStatus(await bob.api.get('/v1/me'), 200);
    expect(UserSchema.parse(await response.clone().json()).name).toBe('bob');
    return response;
  },
  'DELETE /v1/me/token': async ({ bob, ada, t }) => {
    // Signing out revokes only the token bob sends (a spare one here, so his other probes keep working).
    const { token: spare } = await t.users.issueTokenFor('bob', 'signs out');
    const response = expectStatus(await asUser(t, spare).delete('/v1/me/token'), 200);
    expect(RevokedTokenSchema.parse(await response.clone().json()).label).toBe('signs out');
    expectStatus(await asUser(t, spare).get('/v1/me'), 401);
    expectStatus(await asUser(t, ada.token).get('/v1/me'), 200);
    expectStatus(await bob.api.get('/v1/me'), 200);
    return response;
  },
  'GET /v1/boards': async ({ bob }) => expectStatus(await bob.api.get('/v1/boards'), 200),
  'POST /v1/boards': async ({ bob, ada }) => {
    // The same name as ada's board is bob's own, separate board.
    const board = BoardSchema.parse(
      await expectStatus(await bob.api.post('/v1/boards', { name: ada.boardName }), 201).json(),
    );
    expect(board.id).not.toBe(ada.boardId);
    return JSON.stringify({ ...board, name: 'the name bob chose' }); // the rest must hold nothing of ada's
  },
  'GET /v1/boards/{id}': async ({ bob, ada }) => expectStatus(await bob.api.get(`/v1/boards/${ada.boardId}`), 404),
  'PATCH /v1/boards/{id}': async ({ bob, ada }) =>
    expectStatus(await bob.api.patch(`/v1/boards/${ada.boardId}`, { name: 'Taken over' }), 404),
  'DELETE /v1/boards/{id}': async ({ bob, ada }) =>
    expectStatus(await bob.api.delete(`/v1/boards/${ada.boardId}`), 404),
  'GET /v1/boards/{id}/pins': async ({ bob, ada }) =>
    expectStatus(await bob.api.get(`/v1/boards/${ada.boardId}/pins`), 404),
  'POST /v1/pins': async ({ bob, ada }) => {
    expectStatus(await bob.api.post('/v1/pins', { boardId: ada.boardId, imageUrl: 'https://bob.invalid/x.jpg' }), 404);
    // Idempotency keys are per user: ada's key on bob's board makes bob's own pin, not a replay of ada's.
    const replay = expectStatus(
      await bob.api.post(
        '/v1/pins',
        { boardId: bob.boardId, imageUrl: 'https://bob.invalid/y.jpg' },
        { 'idempotency-key': ada.idempotencyKey },
      ),
      201,
    );
    expect(SavePinResultSchema.parse(await replay.clone().json()).pin.id).not.toBe(ada.pinId);
    return replay;
  },
  'PATCH /v1/pins/{id}': async ({ bob, ada }) => {
    expectStatus(await bob.api.patch(`/v1/pins/${ada.pinId}`, { note: 'mine now' }), 404);
    // Nor may bob move his own pin onto ada's board.
    return expectStatus(await bob.api.patch(`/v1/pins/${bob.pinId}`, { boardId: ada.boardId }), 404);
  },
  'DELETE /v1/pins/{id}': async ({ bob, ada }) => expectStatus(await bob.api.delete(`/v1/pins/${ada.pinId}`), 404),
  'POST /v1/pins/lookup': async ({ bob, ada }) => {
    const response = expectStatus(await bob.api.post('/v1/pins/lookup', { imageUrls: [ada.imageUrl] }), 200);
    expect(SavedLookupSchema.parse(await response.clone().json()).saved).toEqual([]);
    return response;
  },
  // Provenance holds no per-user data (its cache is keyed by image bytes, and answers the same to anyone).
  'POST /v1/provenance': async ({ bob }) =>
    expectStatus(await bob.api.post('/v1/provenance', { url: 'https://ada.invalid/x.png' }), 422, 502),
  // The cached answer for an image's SHA-256 is the same for anyone who has the image (and so its hash).
  'GET /v1/provenance/{sha256}': async ({ bob }) =>
    expectStatus(await bob.api.get(`/v1/provenance/${'ad'.repeat(32)}`), 404),
  'GET /v1/pins/search': async ({ bob, ada }) => {
    // Bob's search for the very words of ada's note finds nothing of hers.
    const response = expectStatus(await bob.api.get(`/v1/pins/search?q=${encodeURIComponent(ada.note)}`), 200);
    expect(PinSearchResponseSchema.parse(await response.clone().json()).results).toEqual([]);
    return response;
  },
  'POST /v1/pins/similar': async ({ bob, ada, hasVectors }) =>
    expectStatus(await bob.api.post('/v1/pins/similar', { pinId: ada.pinId }), hasVectors ? 404 : 503),
  'GET /v1/boards/{id}/products': async ({ bob, ada, hasVectors }) =>
    expectStatus(await bob.api.get(`/v1/boards/${ada.boardId}/products`), hasVectors ? 404 : 503),
  'POST /v1/products/similar': async ({ bob, ada, hasVectors }) =>
    // Without pgvector (Debian's PostgreSQL) search is unavailable before any pin is looked up.
    expectStatus(await bob.api.post('/v1/products/similar', { pinId: ada.pinId }), hasVectors ? 404 : 503),
  // The catalogue is shared by everyone; only administrators manage imports.
  'GET /v1/products/search': async ({ bob, ada }) => {
    // Captured products are private: bob's search for the very words of ada's finds nothing.
    const response = expectStatus(
      await bob.api.get(`/v1/products/search?q=${encodeURIComponent(ada.captured.title)}`),
      200,
    );
    expect(ProductSearchResponseSchema.parse(await response.clone().json()).results).toEqual([]);
    return response;
  },
  'POST /v1/catalog/captured': async ({ bob, ada }) => {
    // The same product page is bob's own, separate captured product, not an update of ada's.
    const product = { name: 'Bob’s lamp', price: '10.00', currency: 'EUR', images: ['https://bob.invalid/lamp.jpg'] };
    const response = expectStatus(
      await bob.api.post('/v1/catalog/captured', { product, pageUrl: ada.captured.link }),
      201,
    );
    const added = AddCapturedProductResultSchema.parse(await response.json());
    expect(added.product.id).not.toBe(ada.captured.id);
    return JSON.stringify({ ...added, product: { ...added.product, link: 'the page bob sent' } }); // the rest must hold nothing of ada's
  },
  'DELETE /v1/catalog/captured': async ({ bob }) => {
    const response = expectStatus(await bob.api.delete('/v1/catalog/captured'), 200);
    expect(ForgetCapturedProductsResultSchema.parse(await response.clone().json()).removed).toBe(1); // bob's own, from the probe above
    return response;
  },
  // Followed shops: bob sees and changes only his own (and those followed for everyone).
  'POST /v1/shops': async ({ bob, ada }) => {
    expectStatus(await bob.api.post('/v1/shops', { url: 'https://bob-shop.invalid/', forEveryone: true }), 403);
    const response = expectStatus(await bob.api.post('/v1/shops', { url: `${ada.shop.origin}/p/1` }), 202);
    expect(((await response.clone().json()) as { id: string }).id).not.toBe(ada.shop.id);
    return response;
  },
  'GET /v1/shops': async ({ bob, ada }) => {
    const response = expectStatus(await bob.api.get('/v1/shops'), 200);
    expect(JSON.stringify(await response.clone().json())).not.toContain(ada.shop.id);
    return response;
  },
  'GET /v1/shops/{id}': async ({ bob, ada }) => expectStatus(await bob.api.get(`/v1/shops/${ada.shop.id}`), 404),
  'POST /v1/shops/{id}/refresh': async ({ bob, ada }) =>
    expectStatus(await bob.api.post(`/v1/shops/${ada.shop.id}/refresh`, {}), 404),
  'DELETE /v1/shops/{id}': async ({ bob, ada }) => expectStatus(await bob.api.delete(`/v1/shops/${ada.shop.id}`), 404),
  'POST /v1/catalog/imports': async ({ bob }) =>
    expectStatus(await bob.api.post('/v1/catalog/imports', { url: 'https://shop.invalid/feed.tsv', source: 'x' }), 403),
  'GET /v1/catalog/imports/{id}': async ({ bob }) =>
    expectStatus(await bob.api.get('/v1/catalog/imports/00000000-0000-4000-8000-000000000000'), 403),
};

/** Routes that need no token and serve nobody's data. */
const publicRoutes = new Set([
  'GET /healthz',
  'GET /openapi.json',
  'GET /docs',
  'GET /docs/init.js',
  'GET /docs/{asset}',
]);

/** A problem's `instance` repeats the path bob asked for (ada's id, which he sent): not a leak, so not checked. */
function withoutEcho(body: string): string {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (parsed && typeof parsed === 'object' && 'instance' in parsed)
      return JSON.stringify({ ...parsed, instance: undefined });
  } catch {
    // not JSON: check it as it is
  }
  return body;
}

/** "METHOD /path/{param}" for every route the app answers (Hono's `:param` written the OpenAPI way). */
function routesOf(t: TestApp, openapi: { paths: Record<string, Record<string, unknown>> }): string[] {
  const fromApp = t.app.routes
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
  const fromDocument = Object.entries(openapi.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
  );
  return [...new Set([...fromApp, ...fromDocument])].sort();
}

const embedder: ImageEmbedder = {
  id: 'test/ownership:fp32',
  dimensions: 4,
  hasTextTower: false,
  embedImage: async () => new Float32Array([1, 0, 0, 0]),
  embedImages: async (batch) => batch.map(() => new Float32Array([1, 0, 0, 0])),
  close: async () => {},
};

describe.each(apiTestDatabases)('ownership audit on $name', (target) => {
  const c = {} as Context;
  beforeAll(async () => {
    if (!target.available) return;
    c.t = await createTestApp(target, { catalog: { embedder } });
    const adaToken = (await c.t.users.create('ada', { isAdmin: false })).token;
    const ada = asUser(c.t, adaToken);
    const board = BoardSchema.parse(
      await (await ada.post('/v1/boards', { name: 'Ada’s secret gifts', description: 'for Bob, shh' })).json(),
    );
    const imageUrl = 'https://ada-secret.invalid/ring.jpg';
    const idempotencyKey = '5d0f4f7a-2f5e-4d8e-9b1a-ada000000001';
    const note = 'ADA-PRIVATE-NOTE-7f3c';
    const saved = SavePinResultSchema.parse(
      await (
        await ada.post('/v1/pins', { boardId: board.id, imageUrl, note }, { 'idempotency-key': idempotencyKey })
      ).json(),
    );
    const capturedTitle = 'Adas secret anniversary lantern';
    const capturedLink = 'https://ada-secret.invalid/lantern';
    const captured = AddCapturedProductResultSchema.parse(
      await (
        await ada.post('/v1/catalog/captured', {
          product: {
            name: capturedTitle,
            price: '80.00',
            currency: 'EUR',
            images: ['https://ada-secret.invalid/lantern.jpg'],
          },
          pageUrl: capturedLink,
        })
      ).json(),
    );
    const shop = (await (await ada.post('/v1/shops', { url: 'https://ada-secret-shop.invalid/lamps' })).json()) as {
      id: string;
      origin: string;
    };
    c.ada = {
      shop: { id: shop.id, origin: shop.origin },
      token: adaToken,
      boardId: board.id,
      boardName: board.name,
      pinId: saved.pin.id,
      imageUrl,
      note,
      idempotencyKey,
      captured: { id: captured.product.id, title: capturedTitle, link: capturedLink },
    };

    const bobApi = asUser(c.t, (await c.t.users.create('bob')).token);
    const bobBoard = BoardSchema.parse(await (await bobApi.post('/v1/boards', { name: 'Bob’s board' })).json());
    const bobPin = SavePinResultSchema.parse(
      await (await bobApi.post('/v1/pins', { boardId: bobBoard.id, imageUrl: 'https://bob.invalid/own.jpg' })).json(),
    );
    c.bob = { api: bobApi, boardId: bobBoard.id, pinId: bobPin.pin.id };
    c.hasVectors = (await vectorSupport(c.t.deps.database.db)).column;
  });
  afterAll(() => c.t?.close());

  it.skipIf(!target.available)(
    'has a probe for every route the API serves, and every route needs a token but the public ones',
    async () => {
      const document = (await (await c.t.request('/openapi.json')).json()) as {
        paths: Record<string, Record<string, unknown>>;
      };
      const routes = routesOf(c.t, document);
      const uncovered = routes.filter((route) => !(route in probes) && !publicRoutes.has(route));
      expect(uncovered, 'routes without an ownership probe: add one to ownership.test.ts').toEqual([]);
      expect(
        Object.keys(probes).filter((route) => !routes.includes(route)),
        'probes for routes that no longer exist',
      ).toEqual([]);
      for (const route of Object.keys(probes)) {
        const [method, path] = route.split(' ') as [string, string];
        const anonymous = await c.t.request(path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000'), {
          method,
        });
        expect(anonymous.status, `${route} without a token`).toBe(401);
      }
    },
  );

  it.skipIf(!target.available)('answers user B on user A’s data with 404/403 and nothing of A’s', async () => {
    for (const [route, probe] of Object.entries(probes)) {
      const answer = await probe(c);
      const body = withoutEcho(typeof answer === 'string' ? answer : await answer.text());
      for (const secret of [
        c.ada.boardId,
        c.ada.pinId,
        c.ada.imageUrl,
        c.ada.note,
        c.ada.boardName,
        'for Bob, shh',
        c.ada.captured.id,
        c.ada.captured.title,
        c.ada.captured.link,
      ]) {
        expect(body, `${route} leaked ada's ${secret}`).not.toContain(secret);
      }
    }
    // And nothing of ada's changed.
    const ada = asUser(c.t, c.ada.token);
    const board = BoardSchema.parse(await (await ada.get(`/v1/boards/${c.ada.boardId}`)).json());
    expect(board).toMatchObject({ name: 'Ada’s secret gifts', pinCount: 1 });
    const lookup = SavedLookupSchema.parse(
      await (await ada.post('/v1/pins/lookup', { imageUrls: [c.ada.imageUrl] })).json(),
    );
    expect(lookup.saved.map((pin) => pin.pinId)).toEqual([c.ada.pinId]);
    const search = ProductSearchResponseSchema.parse(
      await (await ada.get(`/v1/products/search?q=${encodeURIComponent(c.ada.captured.title)}`)).json(),
    );
    expect(search.results.map((result) => result.product.id)).toEqual([c.ada.captured.id]);
  });
});
