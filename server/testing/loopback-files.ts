/**
 * A real HTTP server on 127.0.0.1 that serves small files the way the download sources do, for
 * tests of the downloader: Range requests (or not), files cut off mid-body, and the Hugging Face
 * Hub's resolve layout (`/{model}/resolve/{revision}/{file}`) with its headers (an LFS-style
 * redirect carrying X-Linked-Etag / X-Linked-Size for `.onnx` files, a git blob id as ETag for the
 * rest). Nothing here reaches beyond loopback.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export interface LoopbackFiles {
  origin: string;
  /** Files by URL path (e.g. `/lists/a.pem`, `/acme/mnv2/resolve/main/config.json`). */
  files: Map<string, Buffer>;
  /** Every request: method, path, Range header, status. */
  requests: { method: string; path: string; range: string | undefined; status: number }[];
  /** TCP connections accepted (a test of "no network attempt" expects 0). */
  connections: number;
  /** false: ignore Range, always answer 200 with the whole file (as some servers do). */
  ranges: boolean;
  /** For a path: send only this many body bytes of its next GET, then cut the connection (once). */
  cutAfter: Map<string, number>;
  /** For a path: its GETs wait until this settles (to look at a server while a download hangs). */
  hold: Map<string, Promise<unknown>>;
  /** Announce these digests instead of the real ones (a corrupted mirror). */
  wrongDigest: Set<string>;
  /** Adds a folder's files under a Hub model path: `/{model}/resolve/main/{relative path}`. */
  addHubModel(modelId: string, folder: string): void;
  close(): Promise<void>;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const gitBlobId = (bytes: Buffer) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

export async function startLoopbackFiles(): Promise<LoopbackFiles> {
  const state: Omit<LoopbackFiles, 'origin' | 'close' | 'addHubModel'> = {
    files: new Map(),
    requests: [],
    connections: 0,
    ranges: true,
    cutAfter: new Map(),
    hold: new Map(),
    wrongDigest: new Set(),
  };

  const hub = /^\/(.+)\/resolve\/([^/]+)\/(.+)$/;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://loopback');
    const record = (status: number) =>
      state.requests.push({ method: req.method ?? 'GET', path: url.pathname, range: req.headers.range, status });

    // The Hub: any revision resolves to main's files; .onnx files behave like LFS (a redirect to storage).
    const storage = url.pathname.startsWith('/lfs/');
    const hubMatch = storage ? null : hub.exec(url.pathname);
    const key = hubMatch
      ? `/${hubMatch[1]}/resolve/main/${hubMatch[3]}`
      : storage
        ? url.pathname.slice(4)
        : url.pathname;
    const body = state.files.get(key);
    if (!body) {
      record(404);
      res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('Entry not found');
      return;
    }
    const announced = state.wrongDigest.has(key) ? Buffer.from('something else') : body;
    if (hubMatch) {
      const common = { 'x-repo-commit': 'c0ffee0000000000000000000000000000000001' };
      if (key.endsWith('.onnx')) {
        record(302);
        res
          .writeHead(302, {
            ...common,
            location: `/lfs${key}`,
            'x-linked-etag': `"${sha256(announced)}"`,
            'x-linked-size': String(body.length),
          })
          .end();
        return;
      }
      res.setHeader('x-repo-commit', common['x-repo-commit']);
      res.setHeader('etag', `"${gitBlobId(announced)}"`);
    } else {
      res.setHeader('etag', `"${sha256(body).slice(0, 16)}"`);
    }

    let start = 0;
    const range = state.ranges ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
    if (range) {
      start = Number(range[1]);
      if (start >= body.length) {
        record(416);
        res.writeHead(416, { 'content-range': `bytes */${body.length}` }).end();
        return;
      }
    }
    const status = range ? 206 : 200;
    record(status);
    res.writeHead(status, {
      'content-length': String(body.length - start),
      ...(state.ranges ? { 'accept-ranges': 'bytes' } : {}),
      ...(range ? { 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` } : {}),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const held = state.hold.get(key);
    if (held && req.method === 'GET') {
      void held.then(() => send(key, body, start, res));
      return;
    }
    send(key, body, start, res);
  };

  const send = (key: string, body: Buffer, start: number, res: ServerResponse) => {
    const cut = state.cutAfter.get(key);
    if (cut !== undefined) {
      state.cutAfter.delete(key);
      // A clean half-close after the bytes: the client gets all of them, then an early end.
      res.write(body.subarray(start, start + cut), () => res.socket?.end());
      return;
    }
    res.end(body.subarray(start));
  };

  const server = createServer(handle);
  server.on('connection', () => state.connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return Object.assign(state, {
    origin,
    addHubModel(modelId: string, folder: string) {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) =>
          statSync(path.join(dir, name)).isDirectory() ? walk(path.join(dir, name)) : [path.join(dir, name)],
        );
      for (const file of walk(folder))
        state.files.set(
          `/${modelId}/resolve/main/${path.relative(folder, file).split(path.sep).join('/')}`,
          readFileSync(file),
        );
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
