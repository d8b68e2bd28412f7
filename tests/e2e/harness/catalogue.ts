import { expect } from '@playwright/test';
import type { CatalogImport } from '../../../utils/contract';
import { fixturePath } from '../../../server/testing/fixtures';
import { type Backend, startBackend } from './backend';
import type { startFixtureSite } from './fixture-site';

/** A backend with the offline fixture model (exactly as the issue configures it) and loopback fetches allowed; `user` is an admin. `env` adds settings. */
export const startBackendWithModel = (user: string, env: NodeJS.ProcessEnv = {}): Promise<Backend> =>
  startBackend({
    user,
    admin: true,
    env: {
      LOUPE_MODEL_DIR: fixturePath('embed', 'hf'),
      LOUPE_EMBED_MODEL: 'local/mnv2-as-clip-vision',
      LOUPE_FETCH_ALLOW_PRIVATE: 'true',
      ...env,
    },
  });

/** Imports the products from a JSON Lines feed served by the site, and waits for the import to succeed. */
export async function importCatalogue(
  backend: Backend,
  site: Awaited<ReturnType<typeof startFixtureSite>>,
  /** Feed rows: sourceId, title, link, imageUrl, price, currency and the rest of a catalogue product. */
  products: Record<string, unknown>[],
  source: string,
): Promise<CatalogImport> {
  await site.writePage('feed.jsonl', products.map((product) => JSON.stringify(product)).join('\n'));
  const started = await backend.api.startCatalogImport({ url: site.url('feed.jsonl'), source, format: 'jsonl' });
  await expect
    .poll(async () => (await backend.api.catalogImport(started.id)).status, { timeout: 150_000, intervals: [500] })
    .toBe('succeeded');
  return backend.api.catalogImport(started.id);
}
