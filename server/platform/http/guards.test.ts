import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BoardSchema } from '../../../utils/contract';
import { asUser, expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { apiTestDatabases } from '../../testing/test-databases';
import { LOUPE_CHROME_EXTENSION_ID } from './cors';
import { MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH } from './limits';

/** A request body that streams `chunk` until `end()` is called (an upload in progress). */
function heldUpload(chunk = new Uint8Array([0x89, 0x50, 0x4e, 0x47])) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      controller = c;
      c.enqueue(chunk);
    },
  });
  return { stream, end: () => controller.close() };
}

/** A body of `size` bytes sent without Content-Length, the way a chunked upload arrives. */
function streamedBody(size: number) {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= size) return controller.close();
      const chunk = new Uint8Array(Math.min(64 * 1024, size - sent)).fill(0x20);
      sent += chunk.length;
      controller.enqueue(chunk);
    },
  });
}

describe.each(apiTestDatabases)('request guards on $name', (target) => {
  let t: TestApp;
  let adaToken: string;
  let bobToken: string;
  beforeAll(async () => {
    if (!target.available) return;
    t = await createTestApp(target, {
      guards: { rateLimit: { perMinute: 60, burst: 3 }, imageWork: { concurrency: 1, queue: 1 } },
    });
    adaToken = (await t.users.create('ada')).token;
    bobToken = (await t.users.create('bob')).token;
    await t.users.create('carol');
  });
  afterAll(() => t?.close());

  it.skipIf(!target.available)(
    'rate-limits each token: 429 with Retry-After and a problem body, other tokens unaffected',
    async () => {
      for (let i = 0; i < 3; i++) expect((await t.request('/v1/me', { token: adaToken })).status).toBe(200);
      const limited = await t.request('/v1/me', { token: adaToken });
      const problem = await expectProblem(limited, 429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(problem.detail).toMatch(/60 requests a minute/);
      expect((await t.request('/v1/me', { token: bobToken })).status).toBe(200);
      // Unauthenticated requests are refused before counting (and /healthz is not limited).
      expect((await t.request('/healthz')).status).toBe(200);
    },
  );

  it.skipIf(!target.available)('refuses a revoked token from the next request on', async () => {
    const { token } = await t.users.issueTokenFor('bob', 'laptop');
    expect((await t.request('/v1/me', { token })).status).toBe(200);
    expect(await t.users.revokeTokens({ user: 'bob', label: 'laptop' })).toHaveLength(1);
    const problem = await expectProblem(await t.request('/v1/me', { token }), 401);
    expect(problem.detail).toMatch(/revoked/);
    // bob's other token still works
    expect((await t.request('/v1/me', { token: bobToken })).status).toBe(200);
  });

  it.skipIf(!target.available)('caps JSON bodies: 413 from Content-Length, and from a stream without one', async () => {
    const { token } = await t.users.issueTokenFor('ada', 'bodies');
    const huge = JSON.stringify({ name: 'x', description: 'y'.repeat(MAX_JSON_BODY_BYTES) });
    const declared = await t.request('/v1/boards', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: huge,
    });
    expect((await expectProblem(declared, 413)).detail).toContain(`${MAX_JSON_BODY_BYTES}-byte limit`);
    const streamed = await t.request('/v1/boards', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: streamedBody(MAX_JSON_BODY_BYTES + 1),
      ...({ duplex: 'half' } as RequestInit),
    });
    await expectProblem(streamed, 413);
    // A normal body still goes through the cap.
    const ok = await t.request('/v1/boards', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Capped' }),
    });
    expect(BoardSchema.parse(await ok.json()).name).toBe('Capped');
  });

  it.skipIf(!target.available)(
    'caps JSON at 1 MiB on routes that take larger bodies of another kind (feed uploads, images)',
    async () => {
      const root = (await t.users.create('root-json', { isAdmin: true })).token;
      const padded = (body: object) => JSON.stringify({ ...body, padding: 'y'.repeat(MAX_JSON_BODY_BYTES) });
      const postJson = (path: string, body: string) =>
        t.request(path, { method: 'POST', token: root, headers: { 'content-type': 'application/json' }, body });
      const imports = await postJson(
        '/v1/catalog/imports',
        padded({ source: 'big', url: 'https://shop.example/feed.xml' }),
      );
      expect((await expectProblem(imports, 413)).detail).toContain(`${MAX_JSON_BODY_BYTES}-byte limit`);
      const similar = await postJson('/v1/products/similar', padded({ url: 'https://shop.example/a.jpg' }));
      expect((await expectProblem(similar, 413)).detail).toContain(`${MAX_JSON_BODY_BYTES}-byte limit`);
    },
  );

  it.skipIf(!target.available)('refuses deeply nested JSON before parsing it, on every route', async () => {
    // A token for each request: this app's rate limit allows bursts of 3.
    const freshToken = async () => (await t.users.issueTokenFor('ada', 'nesting')).token;
    const deep = `${'['.repeat(MAX_JSON_DEPTH + 1)}${']'.repeat(MAX_JSON_DEPTH + 1)}`;
    const deepest = `${'['.repeat(200_000)}${']'.repeat(200_000)}`; // under 1 MiB
    for (const [path, body] of [
      ['/v1/boards', deep],
      ['/v1/boards', deepest],
      ['/v1/products/similar', deepest],
      ['/v1/provenance', deepest],
    ] as const) {
      const answer = await t.request(path, {
        method: 'POST',
        token: await freshToken(),
        headers: { 'content-type': 'application/json' },
        body,
      });
      expect((await expectProblem(answer, 400)).detail, path).toContain(`nests deeper than ${MAX_JSON_DEPTH} levels`);
    }
    // Nesting within the bound, and brackets inside strings, are no concern of the bound.
    const ok = await t.request('/v1/boards', {
      method: 'POST',
      token: await freshToken(),
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: '[[[[{{{{'.repeat(10) }),
    });
    expect(ok.status).toBe(201);
  });

  it.skipIf(!target.available)(
    "checks an upload's permission before reading its body: a non-admin's feed upload is refused unread",
    async () => {
      const { token } = await t.users.issueTokenFor('bob', 'uploads');
      const CHUNK = 64 * 1024;
      const CHUNKS = 320; // 20 MiB, under the upload cap
      let pulled = 0;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (pulled === 0)
            controller.enqueue(
              new TextEncoder().encode('--b\r\nContent-Disposition: form-data; name="file"; filename="f.xml"\r\n\r\n'),
            );
          else controller.enqueue(new Uint8Array(CHUNK));
          if (++pulled === CHUNKS) controller.close();
        },
      });
      const answer = await t.request('/v1/catalog/imports', {
        method: 'POST',
        token,
        headers: { 'content-type': 'multipart/form-data; boundary=b' },
        body,
        ...({ duplex: 'half' } as RequestInit),
      });
      await expectProblem(answer, 403);
      expect(pulled).toBeLessThan(CHUNKS / 10); // what a stream reads ahead at most: the body itself was not read
    },
  );

  it.skipIf(!target.available)(
    "lines up image work fairly: a slow upload holds its token's place, never a slot, so other users are answered meanwhile; past its share a token gets 429, past the line anyone gets 503",
    async () => {
      // One slot and two places in the line: each token's share is one place (half the line).
      const [ada, bob, carol] = await Promise.all(
        ['ada', 'bob', 'carol'].map(async (name) => (await t.users.issueTokenFor(name, 'images')).token),
      );
      const post = (token: string, body: NonNullable<RequestInit['body']>) =>
        t.request('/v1/provenance', {
          method: 'POST',
          token,
          headers: { 'content-type': 'image/png' },
          body,
          ...({ duplex: 'half' } as RequestInit),
        });
      const upload = heldUpload();
      let adaAnswered = false;
      const first = Promise.resolve(post(ada!, upload.stream)).finally(() => (adaAnswered = true)); // trickles: its body is still arriving
      // Wait until it is authenticated and holds its place (a database round trip away): a place, not the slot.
      await vi.waitFor(() => expect(t.deps.limits.imageWork.load()).toEqual({ running: 1, waiting: 0 }));
      expect(t.deps.limits.imageSlots.load()).toEqual({ running: 0, waiting: 0 });

      // bob's image is in hand at once: it takes the slot and is answered while ada's upload still trickles.
      await expectProblem(await post(bob!, new Uint8Array([1, 2, 3])), 415); // three bytes are not an image: it ran
      expect(adaAnswered).toBe(false);

      // ada holds her share: her next upload is refused, though the line has room.
      const overShare = await post(ada!, new Uint8Array([1, 2, 3]));
      const share = await expectProblem(overShare, 429);
      expect(share.title).toBe('Too many image analyses');
      expect(share.detail).toMatch(/already has 1 image analyses running or waiting/);
      expect(Number(overShare.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

      // bob trickles too, taking the last place; carol finds the line full.
      const bobUpload = heldUpload();
      const second = post(bob!, bobUpload.stream);
      await vi.waitFor(() => expect(t.deps.limits.imageWork.load()).toEqual({ running: 2, waiting: 0 }));
      const busy = await post(carol!, new Uint8Array([1, 2, 3]));
      const problem = await expectProblem(busy, 503);
      expect(Number(busy.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(problem.title).toBe('Busy');

      upload.end();
      bobUpload.end();
      expect((await first).status).toBe(415); // four PNG signature bytes are not an image: it ran, and answered
      expect((await second).status).toBe(415);
      expect(t.deps.limits.imageWork.load()).toEqual({ running: 0, waiting: 0 });
      await expectProblem(await post(carol!, new Uint8Array([1, 2, 3])), 415); // the next one gets in
      await expectProblem(await post(ada!, new Uint8Array([1, 2, 3])), 415); // and ada's share is hers again
    },
  );

  it.skipIf(!target.available)(
    'answers CORS only for the extension origins, never reflecting a web origin',
    async () => {
      const { token } = await t.users.issueTokenFor('ada', 'cors');
      const from = (origin: string) => t.request('/v1/boards', { token, headers: { origin } });
      const chrome = `chrome-extension://${LOUPE_CHROME_EXTENSION_ID}`;
      expect((await from(chrome)).headers.get('access-control-allow-origin')).toBe(chrome);
      const firefox = 'moz-extension://3f2b8c1e-8a4e-4c52-9d8e-1b2c3d4e5f60';
      expect((await from(firefox)).headers.get('access-control-allow-origin')).toBe(firefox);
      for (const origin of ['https://evil.example', 'chrome-extension://aaaabbbbccccddddeeeeffffgggghhhh', 'null']) {
        expect((await from(origin)).headers.get('access-control-allow-origin')).toBeNull();
      }
      // A preflight needs no token; an unknown origin gets no permission from it.
      const preflight = (origin: string) =>
        t.request('/v1/pins', {
          method: 'OPTIONS',
          headers: {
            origin,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
      const allowed = await preflight(chrome);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(chrome);
      expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
      expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
    },
  );

  it.skipIf(!target.available)('sends security headers, and no-store on answers holding a person’s data', async () => {
    const { token } = await t.users.issueTokenFor('ada', 'headers');
    const me = await asUser(t, token).get('/v1/me');
    expect(me.headers.get('cache-control')).toBe('no-store');
    expect(me.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(me.headers.get('x-content-type-options')).toBe('nosniff');
    expect(me.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(me.headers.get('strict-transport-security')).toMatch(/max-age=/);
    expect(me.headers.get('referrer-policy')).toBe('no-referrer');
  });
});
