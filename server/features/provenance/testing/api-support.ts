import { readFile } from 'node:fs/promises';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { expect, vi } from 'vitest';
import { createApp } from '../../../app';
import { createAppDeps, type GuardSettings } from '../../../app-context';
import { createLogger } from '../../../platform/logger';
import { TEST_GUARDS } from '../../../testing/test-app';
import { pgliteTestDatabase } from '../../../testing/test-databases';
import { type ProvenanceResult, ProvenanceResultSchema } from '../../../../utils/contract/provenance';
import type { ProvenanceSettings } from '../api/provenance.settings';
import { offlineResolve } from '../../../testing/offline-dns';

/**
 * Apps for provenance route tests: one embedded database and one user, and an app per
 * provenance configuration (trust list, allow-private, size cap) over it, as each test needs.
 */
export async function createProvenanceTestApps() {
  const database = await pgliteTestDatabase.open();
  const logger = createLogger('silent');
  const { token } = await createAppDeps(database, logger).users.create('prov');

  const appWith = (provenance: Partial<ProvenanceSettings> = {}, guards: Partial<GuardSettings> = {}) => {
    const deps = createAppDeps(database, logger, {
      provenance: { resolve: offlineResolve, ...provenance },
      guards: { ...TEST_GUARDS, ...guards },
    });
    const app = createApp(deps);
    const post = (
      body: NonNullable<RequestInit['body']> | null | undefined,
      headers: Record<string, string>,
      auth: boolean | string = true,
    ) =>
      app.request('/v1/provenance', {
        method: 'POST',
        headers: { ...(auth ? { authorization: `Bearer ${auth === true ? token : auth}` } : {}), ...headers },
        body,
        // A streamed request body needs this (fetch's rule); harmless for the others.
        ...({ duplex: 'half' } as RequestInit),
      });
    const getByHash = (sha256: string, auth = true) =>
      app.request(`/v1/provenance/${sha256}`, { headers: auth ? { authorization: `Bearer ${token}` } : {} });
    /**
     * The final answer for a POST's response: the answer itself when final, else what
     * `GET /v1/provenance/{sha256}` gives once validation is done, polled as a client would.
     * (No clock in the assertion: the test's own timeout bounds the wait.)
     */
    const finalOf = async (response: Response): Promise<ProvenanceResult> => {
      let result = ProvenanceResultSchema.parse(await response.json());
      while (result.status === 'provisional') {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const polled = await getByHash(result.sha256);
        if (polled.status !== 200)
          throw new Error(`GET /v1/provenance/${result.sha256} answered ${polled.status} while polling`);
        result = ProvenanceResultSchema.parse(await polled.json());
      }
      return result;
    };
    return {
      app,
      deps,
      post,
      postBytes: (bytes: Uint8Array, contentType = 'image/png') =>
        post(new Uint8Array(bytes), { 'content-type': contentType }),
      /** `{url}` as this suite's user, or as the holder of `as` (a token). */
      postUrl: (url: string, as?: string) =>
        post(JSON.stringify({ url }), { 'content-type': 'application/json' }, as ?? true),
      getByHash,
      finalOf,
    };
  };
  /** Another user's token over the same database. */
  const tokenOf = async (name: string) => (await createAppDeps(database, logger).users.create(name)).token;
  return { token, tokenOf, appWith, close: () => database.close() };
}

/** An image-work line of one slot and no waiting place (and a per-token share that is not the limit here; guards.test.ts covers shares): pass as `appWith`'s guards. */
export const LINE_OF_ONE: Partial<GuardSettings> = { imageWork: { concurrency: 1, queue: 0, perKey: 10 } };

/**
 * Fills an app's image-work line (built with `LINE_OF_ONE`): an upload still arriving holds its
 * one slot until the returned `release()`, so any other image work gets 503 meanwhile.
 */
export async function fillImageWorkLine(
  app: ReturnType<Awaited<ReturnType<typeof createProvenanceTestApps>>['appWith']>,
) {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({
    start: (c) => ((controller = c), c.enqueue(new Uint8Array([0x89, 0x50, 0x4e, 0x47]))),
  });
  const holder = app.post(stream, { 'content-type': 'image/png' });
  await vi.waitFor(() => expect(app.deps.limits.imageWork.load()).toEqual({ running: 1, waiting: 0 }));
  return async () => {
    controller.close();
    expect((await holder).status).toBe(415); // four bytes of PNG signature: it ran, and answered
  };
}

/**
 * A loopback HTTP server for `{url}` tests:
 * `/files/NAME` serves NAME from `dir`, `/redirect?to=URL` redirects there, `/loop/N` redirects
 * forever, `/status/N` answers N, `/hang` never answers, `/html` is a web page, `/big` is 4 MiB.
 */
export async function startImageServer(dir: string) {
  const sockets = new Set<Socket>();
  const send = (res: ServerResponse, status: number, body: string | Uint8Array, type = 'text/plain') => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const [, kind, arg = ''] = url.pathname.split('/');
    if (kind === 'files') {
      readFile(path.join(dir, path.basename(decodeURIComponent(arg)))).then(
        (bytes) => send(res, 200, bytes, 'application/octet-stream'),
        () => send(res, 404, 'not found'),
      );
    } else if (kind === 'redirect') {
      res.writeHead(302, { location: url.searchParams.get('to') ?? '/' }).end();
    } else if (kind === 'loop') {
      res.writeHead(302, { location: `/loop/${Number(arg) + 1}` }).end();
    } else if (kind === 'status') {
      send(res, Number(arg) || 500, 'status');
    } else if (kind === 'hang') {
      // Never answers: the fetch's time limit must end it.
    } else if (kind === 'html') {
      send(res, 200, '<!doctype html><title>not an image</title>', 'text/html');
    } else if (kind === 'big') {
      res.writeHead(200, { 'content-type': 'image/png' });
      res.end(new Uint8Array(4 * 1024 * 1024));
    } else {
      send(res, 404, 'not found');
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
