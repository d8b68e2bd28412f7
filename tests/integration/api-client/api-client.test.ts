import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../server/testing/test-app';
import { API_VERSION } from '../../../utils/contract';
import { ApiError, createApiClient } from '../../../utils/lib/api-client/index';

// The client against the real Hono app (in-process), so contract drift between the two fails here.
describe('API client', () => {
  let t: TestApp;
  let token: string;
  const viaApp = (): typeof fetch => async (input, init) => t.app.request(String(input), init);

  beforeAll(async () => {
    t = await createTestApp();
    ({ token } = await t.users.create('zoe'));
  });
  afterAll(() => t.close());

  it('checks a good connection end to end', async () => {
    const client = createApiClient({ baseUrl: 'http://loupe.test/', token, fetch: viaApp() });
    const { health, user } = await client.checkConnection();
    expect(health.apiVersion).toBe(API_VERSION);
    expect(user.name).toBe('zoe');
  });

  it('searches your saves, and reports a backend that cannot search by look', async () => {
    const client = createApiClient({ baseUrl: 'http://loupe.test', token, fetch: viaApp() });
    const board = await client.createBoard({ name: 'Search me' });
    const { pin } = await client.savePin({
      boardId: board.id,
      imageUrl: 'https://cdn.shop.example/rug.jpg',
      tags: ['kilim'],
    });
    expect(await client.searchPins('kilim', { k: 5 })).toEqual({
      results: [{ pin: expect.objectContaining({ id: pin.id }), similarity: 1, matched: ['text'] }],
    });
    // This test app has no embedding model: the client carries the backend's 503 and its reason.
    await expect(client.similarPins({ pinId: pin.id })).rejects.toMatchObject({ status: 503 });
    await expect(client.boardProducts(board.id, { brand: 'Acme', k: 3 })).rejects.toMatchObject({ status: 503 });
  });

  it('reports a refused token as unauthorized, with the backend’s reason', async () => {
    const client = createApiClient({ baseUrl: 'http://loupe.test', token: `${token.slice(0, -2)}zz`, fetch: viaApp() });
    const error = await client.checkConnection().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      kind: 'unauthorized',
      status: 401,
      message: expect.stringMatching(/refused the API token: The token is not valid/),
    });
  });

  it('signs out: the backend revokes its token, which is refused from then on', async () => {
    const { token: spare } = await t.users.issueTokenFor('zoe', 'to sign out');
    const client = createApiClient({ baseUrl: 'http://loupe.test', token: spare, fetch: viaApp() });
    expect((await client.me()).name).toBe('zoe');
    const revoked = await client.signOut();
    expect(revoked).toMatchObject({ label: 'to sign out', prefix: spare.slice(0, 12) });
    await expect(client.me()).rejects.toMatchObject({ kind: 'unauthorized', status: 401 });
    // zoe's other token is untouched.
    expect((await createApiClient({ baseUrl: 'http://loupe.test', token, fetch: viaApp() }).me()).name).toBe('zoe');
  });

  it('reports a missing token before calling authenticated routes', async () => {
    const client = createApiClient({ baseUrl: 'http://loupe.test', fetch: viaApp() });
    await expect(client.checkConnection()).rejects.toMatchObject({
      kind: 'unauthorized',
      message: expect.stringMatching(/No API token/),
    });
  });

  it('reports nothing listening as unreachable', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const client = createApiClient({ baseUrl: `http://127.0.0.1:${port}`, token });
    await expect(client.health()).rejects.toMatchObject({
      kind: 'unreachable',
      message: expect.stringMatching(/Could not reach the Loupe backend/),
    });
  });

  it('carries the backend’s Retry-After on a rate-limited answer', async () => {
    const limited = await createTestApp(undefined, { guards: { rateLimit: { perMinute: 60, burst: 1 } } });
    try {
      const { token: own } = await limited.users.create('rita');
      const client = createApiClient({
        baseUrl: 'http://loupe.test',
        token: own,
        fetch: async (input, init) => limited.app.request(String(input), init),
      });
      await client.me();
      const error = await client.me().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect(error).toMatchObject({ kind: 'problem', status: 429, retryAfterMs: expect.any(Number) });
      expect((error as ApiError).retryAfterMs).toBeGreaterThanOrEqual(1_000);
    } finally {
      await limited.close();
    }
  });

  it('carries Retry-After without a problem document too, and drops a garbled one', async () => {
    const answering =
      (status: number, retryAfter: string): typeof fetch =>
      async () =>
        new Response('<h1>Busy</h1>', { status, headers: { 'content-type': 'text/html', 'retry-after': retryAfter } });
    const busy = createApiClient({ baseUrl: 'http://proxy.test', token, fetch: answering(503, '120') });
    await expect(busy.me()).rejects.toMatchObject({ kind: 'incompatible', status: 503, retryAfterMs: 120_000 });
    const garbled = await createApiClient({ baseUrl: 'http://proxy.test', token, fetch: answering(429, 'in a bit') })
      .me()
      .catch((e: unknown) => e);
    expect(garbled).toMatchObject({ status: 429 });
    expect((garbled as ApiError).retryAfterMs).toBeUndefined();
  });

  describe('against servers that are not this Loupe', () => {
    let server: ReturnType<typeof createServer>;
    let base: string;
    beforeAll(async () => {
      server = createServer((req, res) => {
        if (req.url === '/future/healthz') {
          res.setHeader('content-type', 'application/json');
          res.end(
            JSON.stringify({
              status: 'ok',
              service: 'loupe',
              version: '9.0.0',
              apiVersion: API_VERSION + 1,
              database: 'postgres',
            }),
          );
        } else {
          res.statusCode = 404;
          res.setHeader('content-type', 'text/html');
          res.end('<h1>Not Found</h1>');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise((resolve) => server.close(resolve)));

    it('reports another web server as incompatible', async () => {
      await expect(createApiClient({ baseUrl: base, token }).checkConnection()).rejects.toMatchObject({
        kind: 'incompatible',
        message: expect.stringMatching(/does not answer \/healthz like a Loupe backend/),
      });
    });

    it('reports a backend of another API version as incompatible, naming both versions', async () => {
      const client = createApiClient({ baseUrl: `${base}/future`, token });
      await expect(client.checkConnection()).rejects.toMatchObject({
        kind: 'incompatible',
        message: expect.stringMatching(new RegExp(`API version ${API_VERSION + 1}.*needs version ${API_VERSION}`)),
      });
    });
  });
});
