import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { startStaticServer } from './static-server';

/**
 * A loopback web site whose pages show files from the shared fixtures folder.
 * The files are linked, not copied, into a temporary folder outside the
 * repository; `pages` maps a page name to its HTML.
 */
export async function startFixtureSite(files: Record<string, string>, pages: Record<string, string>) {
  const root = await mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'loupe-fixture-site-'));
  for (const [name, file] of Object.entries(files)) await symlink(file, path.join(root, name));
  for (const [name, html] of Object.entries(pages)) await writeFile(path.join(root, name), html);
  const server = await startStaticServer(root);
  return {
    ...server,
    /** Adds or replaces a page (e.g. a feed that names the site's own URLs). */
    writePage: (name: string, body: string | Uint8Array) => writeFile(path.join(root, name), body),
    async stop() {
      await server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
}
