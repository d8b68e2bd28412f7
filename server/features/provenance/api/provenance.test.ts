import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenanceResultSchema } from '../../../../utils/contract/provenance';
import { closeC2paValidator } from '..';
import { pngWith, tEXt } from '../testing/builders';
import { expectProblem } from '../../../testing/api-helpers';
import { contentDigest } from '../../../../utils/lib/api-client/content-digest';
import { createProvenanceTestApps, fillImageWorkLine, LINE_OF_ONE, startImageServer } from '../testing/api-support';

const A1111 = 'a leather handbag\nNegative prompt: blur\nSteps: 30, Sampler: DPM++ 2M, Seed: 1, Model: sdxl';
const aiPng = pngWith([tEXt('parameters', A1111)]);
const plainPng = pngWith([]);

/** Hostile input must get its answer quickly, whatever it is. */
async function within<T>(ms: number, work: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const result = await work();
  expect(performance.now() - started).toBeLessThan(ms);
  return result;
}

/** An endless request body, counting what was pulled from it. */
function endlessBody(chunkBytes = 64 * 1024) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      state.pulled += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x89));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('POST /v1/provenance', () => {
  let apps: Awaited<ReturnType<typeof createProvenanceTestApps>>;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-prov-'));
    await writeFile(path.join(dir, 'ai.png'), aiPng);
    await writeFile(path.join(dir, 'plain.png'), plainPng);
    [apps, images] = await Promise.all([createProvenanceTestApps(), startImageServer(dir)]);
  });
  afterAll(async () => {
    await Promise.all([apps?.close(), images?.close(), rm(dir, { recursive: true, force: true })]);
    await closeC2paValidator();
  });

  it('analyses uploaded bytes and answers the shared contract', async () => {
    const { postBytes } = apps.appWith();
    const response = await postBytes(aiPng);
    expect(response.status).toBe(200);
    const result = ProvenanceResultSchema.parse(await response.json());
    expect(result).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
    expect(result.evidence[0]).toMatchObject({ source: 'png-text', field: 'parameters' });

    // Any image/* type and application/octet-stream are bytes: the format comes from the bytes.
    for (const type of ['image/jpeg', 'image/*', 'application/octet-stream', 'IMAGE/PNG; charset=binary']) {
      const again = ProvenanceResultSchema.parse(await (await postBytes(aiPng, type)).json());
      expect(again.sha256).toBe(result.sha256);
    }
    const plain = ProvenanceResultSchema.parse(await (await postBytes(plainPng)).json());
    expect(plain).toMatchObject({ verdict: 'unknown', strength: 'none' });
  });

  it('refuses requests without a valid token', async () => {
    const { post } = apps.appWith();
    await expectProblem(await post(new Uint8Array(aiPng), { 'content-type': 'image/png' }, false), 401);
    await expectProblem(
      await post(
        JSON.stringify({ url: `${images.origin}/files/ai.png` }),
        { 'content-type': 'application/json' },
        false,
      ),
      401,
    );
    await expectProblem(
      await post(new Uint8Array(aiPng), { 'content-type': 'image/png', authorization: 'Bearer loupe_nope' }, false),
      401,
    );
  });

  describe('hostile bodies get a clear 4xx, quickly', () => {
    it('empty, garbage, truncated', async () => {
      const { postBytes } = apps.appWith();
      expect((await within(2_000, async () => expectProblem(await postBytes(new Uint8Array()), 400))).title).toBe(
        'Empty body',
      );

      const garbage = await within(2_000, async () =>
        expectProblem(await postBytes(new TextEncoder().encode('<html>definitely not a png</html>')), 415),
      );
      expect(garbage.detail).toMatch(/not a supported image/i);
      await within(2_000, async () =>
        expectProblem(await postBytes(crypto.getRandomValues(new Uint8Array(4096))), 415),
      );

      // Cut inside the signature: not recognisable as a PNG.
      await within(2_000, async () => expectProblem(await postBytes(aiPng.subarray(0, 4)), 415));
      // Cut later: still a PNG, so it is analysed as far as it goes and the answer says it is truncated.
      const cut = await within(5_000, async () => postBytes(aiPng.subarray(0, aiPng.length - 20)));
      expect(cut.status).toBe(200);
      expect(ProvenanceResultSchema.parse(await cut.json()).warnings.join(' ')).toMatch(/truncated/);
    });

    it('over the size cap: 413 from Content-Length before reading, and from an endless stream without buffering it', async () => {
      const cap = 256 * 1024;
      const { post } = apps.appWith({ maxBytes: cap });

      const declared = endlessBody();
      const early = await within(2_000, async () =>
        expectProblem(
          await post(declared.stream, { 'content-type': 'image/png', 'content-length': String(50 * 1024 * 1024) }),
          413,
        ),
      );
      expect(early.detail).toContain(`${cap}-byte limit`);
      expect(declared.state.pulled).toBeLessThanOrEqual(cap);

      const endless = endlessBody();
      const problem = await within(5_000, async () =>
        expectProblem(await post(endless.stream, { 'content-type': 'image/png' }), 413),
      );
      expect(problem.title).toBe('Image too large');
      // Reading stopped at the cap (plus what was already queued), and the stream was cancelled.
      expect(endless.state.pulled).toBeLessThan(cap + 4 * 64 * 1024);
      expect(endless.state.cancelled).toBe(true);

      const oversizedJson = endlessBody();
      await within(5_000, async () =>
        expectProblem(await post(oversizedJson.stream, { 'content-type': 'application/json' }), 413),
      );
    });

    it('other request types, and malformed JSON or URLs', async () => {
      const { post, postUrl } = apps.appWith();
      const wrongType = await expectProblem(await post('hello', { 'content-type': 'text/plain' }), 415);
      expect(wrongType.detail).toMatch(/image\/\* Content-Type/);
      await expectProblem(await post(new Uint8Array(aiPng), {}), 415);

      const json = (body: string) => post(body, { 'content-type': 'application/json' });
      expect((await expectProblem(await json('{"url": '), 400)).title).toBe('Invalid JSON');
      await expectProblem(await json('[]'), 400);
      await expectProblem(await json('{}'), 400);
      await expectProblem(await json('{"url": 42}'), 400);
      await expectProblem(await postUrl('not a url'), 400);
      const long = await expectProblem(await postUrl(`https://example.com/${'a'.repeat(5000)}`), 400);
      expect(long.errors).toEqual([{ path: 'url', message: 'a URL has at most 4096 characters' }]);

      // Not an http(s) URL: invalid in the request (400 naming the field), as on every route taking a URL.
      for (const url of [
        'file:///etc/passwd',
        'ftp://example.com/a.png',
        'javascript:alert(1)',
        'data:image/png;base64,iVBORw0KGgo=',
      ]) {
        const invalid = await expectProblem(await postUrl(url), 400);
        expect(invalid.errors).toEqual([{ path: 'url', message: 'an absolute http or https URL is required' }]);
      }
    });
  });

  describe('SSRF: {url} never reaches private addresses unless allowed', () => {
    const refused = async (url: string, app = apps.appWith()) => {
      const problem = await within(5_000, async () => expectProblem(await app.postUrl(url), 422));
      expect(problem.title).toBe('Image URL not allowed');
      expect(problem.detail).toMatch(/^Refused \(private or reserved address\): .*\(/);
      return problem;
    };

    it('refuses loopback, private, link-local and IPv4-mapped addresses, and names that resolve to them', async () => {
      const { port } = images;
      // The loopback ones point at a live server: only the address policy stops them.
      await refused(`http://127.0.0.1:${port}/files/ai.png`);
      await refused('http://10.0.0.1/image.png');
      await refused('http://169.254.169.254/latest/meta-data/');
      await refused(`http://[::1]:${port}/files/ai.png`);
      await refused(`http://[::ffff:127.0.0.1]:${port}/files/ai.png`);
      const byName = await refused(`http://localhost:${port}/files/ai.png`);
      expect(byName.detail).toMatch(/localhost resolves to a private or reserved address/);
    });

    it('refuses a redirect from an allowed server to a private address', async () => {
      // First hop allowed (the loopback test server stands in for a public one); redirect targets checked.
      const app = apps.appWith({ allowPrivate: 'first-hop' });
      const ok = await app.postUrl(`${images.origin}/files/ai.png`);
      expect(ok.status).toBe(200);
      for (const target of [
        `${images.origin}/files/ai.png`,
        'http://169.254.169.254/latest/meta-data/',
        'http://10.1.2.3/x.png',
        'http://[::1]/x.png',
        `http://localhost:${images.port}/files/ai.png`,
      ]) {
        await refused(`${images.origin}/redirect?to=${encodeURIComponent(target)}`, app);
      }
      const scheme = await within(5_000, async () =>
        expectProblem(
          await app.postUrl(`${images.origin}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`),
          422,
        ),
      );
      expect(scheme.detail).toMatch(/Refused \(URL not allowed\): only http and https/);
    });

    it('with allow-private on: fetches loopback, and still refuses redirect loops and bad schemes', async () => {
      const app = apps.appWith({ allowPrivate: true });
      const response = await app.postUrl(`${images.origin}/files/ai.png`);
      expect(response.status).toBe(200);
      expect(ProvenanceResultSchema.parse(await response.json())).toMatchObject({
        verdict: 'ai-generated',
        strength: 'declared',
      });
      const viaRedirect = await app.postUrl(
        `${images.origin}/redirect?to=${encodeURIComponent(`http://localhost:${images.port}/files/ai.png`)}`,
      );
      expect(viaRedirect.status).toBe(200);

      const loop = await within(5_000, async () => expectProblem(await app.postUrl(`${images.origin}/loop/0`), 422));
      expect(loop.detail).toMatch(/Refused \(too many redirects\): more than 5 redirects/);
    });
  });

  describe('remote failures', () => {
    it('502 for error statuses, timeouts and unknown hosts; 415 for a non-image; 413 for a too-large image', async () => {
      const app = apps.appWith({ allowPrivate: true, fetchTimeoutMs: 500, maxBytes: 1024 * 1024 });
      const status = await expectProblem(await app.postUrl(`${images.origin}/status/404`), 502);
      expect(status.detail).toMatch(/could not be fetched: the server answered 404/);
      await expectProblem(await app.postUrl(`${images.origin}/files/missing.png`), 502);
      const timeout = await within(3_000, async () => expectProblem(await app.postUrl(`${images.origin}/hang`), 502));
      expect(timeout.title).toBe('Image fetch timed out');
      await expectProblem(await app.postUrl('http://no-such-host.invalid/x.png'), 502);

      const html = await expectProblem(await app.postUrl(`${images.origin}/html`), 415);
      expect(html.detail).toMatch(/text\/html that is not a supported image/);
      await expectProblem(await app.postUrl(`${images.origin}/big`), 413);
    });
  });

  describe('GET /v1/provenance/{sha256}', () => {
    it('returns the cached answer of an analysed image, under the same trust settings', async () => {
      const { postBytes, getByHash } = apps.appWith();
      const posted = ProvenanceResultSchema.parse(await (await postBytes(aiPng)).json());
      expect(posted.status).toBe('final'); // no Content Credentials: nothing to wait for
      const response = await getByHash(posted.sha256);
      expect(response.status).toBe(200);
      expect(ProvenanceResultSchema.parse(await response.json())).toEqual(posted);
    });

    it('answers from its own app’s cache only: another app in the same process has not seen the image', async () => {
      const [one, other] = [apps.appWith(), apps.appWith()];
      const posted = ProvenanceResultSchema.parse(await (await one.postBytes(aiPng)).json());
      expect((await one.getByHash(posted.sha256)).status).toBe(200);
      await expectProblem(await other.getByHash(posted.sha256), 404);
      expect(other.deps.provenanceCache.answers.size).toBe(0);
    });

    it('404 for an image not analysed here, 400 for a malformed hash, 401 without a token: all problem JSON', async () => {
      const { getByHash } = apps.appWith();
      const missing = await expectProblem(await getByHash('0'.repeat(64)), 404);
      expect(missing.detail).toMatch(/POST \/v1\/provenance/);
      for (const bad of ['abc', 'A'.repeat(64), `${'0'.repeat(63)}g`, '0'.repeat(65)])
        await expectProblem(await getByHash(bad), 400);
      await expectProblem(await getByHash('0'.repeat(64), false), 401);
    });
  });

  describe('the image-work line', () => {
    /** A PNG no other test sends, so whether its answer is cached is this test's doing. */
    const uniquePng = (label: string) =>
      pngWith([tEXt('parameters', `${label} ${randomUUID()}\nSteps: 20, Sampler: Euler, Seed: 1, Model: sdxl`)]);
    const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

    it('answers cached images at once when the line is full: a URL this user asked about lately, or an upload whose Content-Digest is cached (body unread)', async () => {
      const byUrl = uniquePng('by url');
      const byHash = uniquePng('by hash');
      await writeFile(path.join(dir, 'line-by-url.png'), byUrl);
      const app = apps.appWith({ allowPrivate: true }, LINE_OF_ONE);
      const url = `${images.origin}/files/line-by-url.png`;
      const fromUrl = await app.finalOf(await app.postUrl(url));
      const fromUpload = await app.finalOf(await app.postBytes(byHash));

      const release = await fillImageWorkLine(app);
      const again = await app.postUrl(url);
      expect(again.status).toBe(200);
      expect(ProvenanceResultSchema.parse(await again.json())).toEqual(fromUrl);

      const endless = endlessBody();
      const digested = await app.post(endless.stream, {
        'content-type': 'image/png',
        'content-digest': await contentDigest(new Uint8Array(byHash)),
      });
      expect(digested.status).toBe(200);
      expect(ProvenanceResultSchema.parse(await digested.json())).toEqual(fromUpload);
      expect(endless.state.pulled).toBeLessThanOrEqual(2 * 64 * 1024); // what the stream buffers by itself, not the 20 MiB cap

      expect(app.deps.limits.imageWork.load()).toEqual({ running: 1, waiting: 0 }); // neither took a place
      await release();
    });

    it('lets no uncached work skip the line: a new URL, another user’s URL, an evicted answer, an upload without or with an unknown Content-Digest', async () => {
      const png = uniquePng('uncached');
      await writeFile(path.join(dir, 'line-uncached.png'), png);
      const app = apps.appWith({ allowPrivate: true }, LINE_OF_ONE);
      const url = `${images.origin}/files/line-uncached.png`;
      expect((await app.postUrl(url)).status).toBe(200); // remembered for this user
      const other = await apps.tokenOf(`other-${randomUUID().slice(0, 8)}`);

      const release = await fillImageWorkLine(app);
      const busy = async (response: Response) => {
        const problem = await expectProblem(response, 503);
        expect(problem.title).toBe('Busy');
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      };
      await busy(await app.postUrl(`${images.origin}/files/ai.png?new`));
      await busy(await app.postUrl(url, other)); // what one user asked about is not another's shortcut
      await busy(await app.postBytes(uniquePng('no digest')));
      const unknown = uniquePng('unknown digest');
      await busy(
        await app.post(new Uint8Array(unknown), {
          'content-type': 'image/png',
          'content-digest': await contentDigest(new Uint8Array(unknown)),
        }),
      );
      app.deps.provenanceCache.clear();
      await busy(await app.postUrl(url)); // remembered, but its answer is gone: that is work again
      await release();
    });

    it('checks a Content-Digest it cannot answer from the cache: 400 when malformed or when the body does not match', async () => {
      const { post } = apps.appWith();
      const png = uniquePng('digest check');
      const send = (digest: string, body: Uint8Array = png) =>
        post(new Uint8Array(body), { 'content-type': 'image/png', 'content-digest': digest });
      for (const malformed of ['sha-256=:abc:', 'sha-256=abc', `sha-256=:${Buffer.alloc(16).toString('base64')}:`]) {
        expect((await expectProblem(await send(malformed), 400)).title).toBe('Invalid Content-Digest');
      }
      const mismatch = await expectProblem(await send(await contentDigest(new Uint8Array(plainPng))), 400);
      expect(mismatch.title).toBe('Content-Digest mismatch');
      // A matching sha-256 among other algorithms is checked and analysed; another algorithm alone is ignored.
      const matching = await send(
        `sha-512=:${Buffer.alloc(64).toString('base64')}:, ${await contentDigest(new Uint8Array(png))}`,
      );
      expect(ProvenanceResultSchema.parse(await matching.json()).sha256).toBe(sha256(png));
      const other = uniquePng('other algorithm');
      expect(
        ProvenanceResultSchema.parse(
          await (await send(`sha-512=:${Buffer.alloc(64).toString('base64')}:`, other)).json(),
        ).sha256,
      ).toBe(sha256(other));
    });
  });

  it('is described in the OpenAPI document with both request types', async () => {
    const doc = (await (await apps.appWith().app.request('/openapi.json')).json()) as {
      paths: Record<
        string,
        { post?: { requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> } }
      >;
    };
    const post = doc.paths['/v1/provenance']?.post;
    expect(Object.keys(post?.requestBody?.content ?? {})).toEqual(
      expect.arrayContaining(['image/*', 'application/json']),
    );
    expect(Object.keys(post?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '400', '401', '413', '415', '422', '502']),
    );
    const get = (doc.paths['/v1/provenance/{sha256}'] as { get?: { responses: Record<string, unknown> } } | undefined)
      ?.get;
    expect(Object.keys(get?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '404']));
  });
});
