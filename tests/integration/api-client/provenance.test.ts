import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { closeC2paValidator } from '../../../server/features/provenance';
import { pngWith, tEXt } from '../../../server/features/provenance/testing/builders';
import {
  createProvenanceTestApps,
  fillImageWorkLine,
  LINE_OF_ONE,
  startImageServer,
} from '../../../server/features/provenance/testing/api-support';
import { expectProblem } from '../../../server/testing/api-helpers';
import { haveFixtures } from '../../../server/testing/fixtures';
import { provenanceFixturesDir } from '../../../server/testing/provenance-fixture-cases';
import { createTestApp, type TestApp } from '../../../server/testing/test-app';
import { contentDigest } from '../../../utils/lib/api-client/content-digest';
import { ApiError, createApiClient } from '../../../utils/lib/api-client/index';

// The client against the real Hono app (in-process), so contract drift between the two fails here.
describe('API client: provenance', () => {
  const png = pngWith([tEXt('parameters', 'a red sofa\nNegative prompt: blur\nSteps: 20, Sampler: Euler a, Seed: 7')]);
  let t: TestApp;
  let token: string;
  let dir: string;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  let apps: Awaited<ReturnType<typeof createProvenanceTestApps>>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-client-prov-'));
    await writeFile(path.join(dir, 'sofa.png'), png);
    [t, images, apps] = await Promise.all([createTestApp(), startImageServer(dir), createProvenanceTestApps()]);
    ({ token } = await t.users.create('zoe'));
  });
  afterAll(async () => {
    await Promise.all([t?.close(), images?.close(), apps?.close(), rm(dir, { recursive: true, force: true })]);
    await closeC2paValidator();
  });

  /** A PNG no other test sends, so whether its answer is cached is this test's doing. */
  const uniquePng = (label: string) =>
    pngWith([tEXt('parameters', `${label} ${randomUUID()}\nSteps: 20, Sampler: Euler, Seed: 1, Model: sdxl`)]);
  const client = (app = t.app, as = token) =>
    createApiClient({
      baseUrl: 'http://loupe.test',
      token: as,
      fetch: async (input, init) => app.request(String(input), init),
    });

  it('analyses a Blob of image bytes', async () => {
    const result = await client().provenanceOfBytes(new Blob([new Uint8Array(png)], { type: 'image/png' }));
    expect(result).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
    // An untyped Blob goes as application/octet-stream: the backend reads the format from the bytes.
    expect((await client().provenanceOfBytes(new Blob([new Uint8Array(png)]))).sha256).toBe(result.sha256);
  });

  it("sends the bytes' SHA-256 as an RFC 9530 Content-Digest with every upload", async () => {
    // RFC 9530 §2's own example.
    expect(await contentDigest(new TextEncoder().encode('{"hello": "world"}'))).toBe(
      'sha-256=:X48E9qOokqqrvdts8nOJRJN3OWDUoyWxBf7kbu9DBPE=:',
    );

    const sent: Request[] = [];
    const recording = createApiClient({
      baseUrl: 'http://loupe.test',
      token,
      fetch: async (input, init) => {
        sent.push(new Request(String(input), init));
        return t.app.request(String(input), init);
      },
    });
    const png = uniquePng('digest sent');
    const expected = `sha-256=:${createHash('sha256').update(png).digest('base64')}:`;
    const typed = await recording.provenanceOfBytes(new Blob([new Uint8Array(png)], { type: 'image/png' }));
    const untyped = await recording.provenanceOfBytes(new Blob([new Uint8Array(png)]));
    expect(sent.map((request) => request.headers.get('content-digest'))).toEqual([expected, expected]);
    expect(sent.map((request) => request.headers.get('content-type'))).toEqual([
      'image/png',
      'application/octet-stream',
    ]);
    expect(new Uint8Array(await sent[0]!.arrayBuffer())).toEqual(new Uint8Array(png)); // the bytes hashed are the bytes sent
    // The backend checked the body against it (a mismatch is a 400) and analysed those bytes.
    expect(typed.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    expect(untyped).toEqual(typed);
  });

  it('gets an image the backend has analysed answered from its cache while the image-work line is full', async () => {
    const app = apps.appWith({}, LINE_OF_ONE);
    const png = uniquePng('line full');
    const upload = () =>
      client(app.app, apps.token).provenanceOfBytes(new Blob([new Uint8Array(png)], { type: 'image/png' }));
    const first = await upload();
    expect(first).toMatchObject({ status: 'final', verdict: 'ai-generated' });

    const release = await fillImageWorkLine(app);
    try {
      expect(await upload()).toEqual(first);
      // The same bytes without their digest are image work, and the line has no room for it.
      await expectProblem(await app.postBytes(png), 503);
      expect(app.deps.limits.imageWork.load()).toEqual({ running: 1, waiting: 0 });
    } finally {
      await release();
    }
  });

  it('analyses an image URL the backend fetches', async () => {
    // This app may fetch loopback (what LOUPE_FETCH_ALLOW_PRIVATE=true allows); production refuses it.
    const app = apps.appWith({ allowPrivate: true }).app;
    const result = await client(app, apps.token).provenance(`${images.origin}/files/sofa.png`);
    expect(result).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
  });

  it('gets a cached answer back by its hash, and null for an image the backend has not seen', async () => {
    const analysed = await client().provenanceOfBytes(new Blob([new Uint8Array(png)], { type: 'image/png' }));
    expect(await client().provenanceByHash(analysed.sha256)).toEqual(analysed);
    expect(await client().provenanceByHash('f'.repeat(64))).toBeNull();
    await expect(client().provenanceByHash('not-a-hash')).rejects.toMatchObject({ kind: 'problem', status: 400 });
  });

  it.skipIf(!haveFixtures)(
    'polls a provisional answer until it is final (real Content Credentials, server budget 0 ms)',
    { timeout: 60_000 },
    async () => {
      const app = apps.appWith({ provisionalAfterMs: 0, timeBudgetMs: 60_000 }).app; // its own cache: empty
      const bytes = readFileSync(path.join(provenanceFixturesDir, 'c2pats_amazon-titan-g1.png'));
      const first = await client(app, apps.token).provenanceOfBytes(
        new Blob([new Uint8Array(bytes)], { type: 'image/png' }),
      );
      expect(first).toMatchObject({ status: 'provisional', verdict: 'ai-generated', strength: 'declared' });
      let latest: typeof first | null = first;
      while (latest?.status === 'provisional') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        latest = await client(app, apps.token).provenanceByHash(first.sha256);
      }
      // No trust list in this app: intact credentials from an unchecked signer are "signed".
      expect(latest).toMatchObject({
        status: 'final',
        sha256: first.sha256,
        verdict: 'ai-generated',
        strength: 'signed',
      });
    },
  );

  it('reports refusals as problems the extension can show', async () => {
    const refused = await client()
      .provenance(`${images.origin}/files/sofa.png`)
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ApiError);
    expect(refused).toMatchObject({
      kind: 'problem',
      status: 422,
      message: expect.stringMatching(/private or reserved address/),
    });

    const notImage = await client()
      .provenanceOfBytes(new Blob(['hello'], { type: 'image/png' }))
      .catch((error: unknown) => error);
    expect(notImage).toMatchObject({ kind: 'problem', status: 415 });
  });
});
