import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import sirv from 'sirv';

/** Serves tests/pages on a free loopback port: the "web sites" the extension visits in tests. */
export async function startStaticServer(root = path.resolve('tests/pages')) {
  const serve = sirv(root, { dev: true, dotfiles: false, etag: true });
  const server = createServer((req, res) =>
    serve(req, res, () => {
      res.statusCode = 404;
      res.end('not found');
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    url: (pagePath: string) => new URL(pagePath, `${origin}/`).toString(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // the browser keeps connections alive; don't wait for it
      }),
  };
}
export type StaticServer = Awaited<ReturnType<typeof startStaticServer>>;
