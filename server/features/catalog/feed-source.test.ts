import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from './testing/catalog';
import { bytesFeed, type FeedSource, fileFeed, urlFeed } from './feed-source';

/**
 * A feed is opened, then the importer awaits the database (several round trips on a PostgreSQL
 * server) before it reads a byte. Whatever happens in between, reading must get the whole feed:
 * a file stream that starts flowing at open() pours its data out during those awaits, and the
 * import then reads an ended stream: "Done: 0 rows".
 */
const collect = async (input: AsyncIterable<string | Uint8Array> | string | Uint8Array) => {
  if (typeof input === 'string' || input instanceof Uint8Array) return Buffer.from(input);
  const parts: Buffer[] = [];
  for await (const chunk of input) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts);
};

describe('feed sources read the whole feed however long the reader waits after opening it', () => {
  let dir: string;
  let server: Awaited<ReturnType<typeof startStaticServer>>;
  // Several read chunks (a file stream reads 64 KiB at a time), so a partial read would show too.
  const feed = Buffer.from(Array.from({ length: 5000 }, (_, i) => `row ${i}\t${'x'.repeat(40)}`).join('\n'));

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'loupe-feed-source-'));
    await writeFile(path.join(dir, 'feed.tsv'), feed);
    server = await startStaticServer({
      routes: new Map([['/feed.tsv', { type: 'text/tab-separated-values', body: feed }]]),
    });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const sources: [string, () => FeedSource][] = [
    ['a file', () => fileFeed(path.join(dir, 'feed.tsv'))],
    ['a URL', () => urlFeed(`${server.url}/feed.tsv`, { allowPrivate: true })],
    ['uploaded bytes', () => bytesFeed(new Uint8Array(feed), 'feed.tsv')],
  ];

  it.each(sources)('%s', async (_name, source) => {
    const opened = await source().open();
    // The event loop turns many times here, as it does while node-postgres waits for its server.
    await sleep(100);
    expect(opened.fraction?.()).toBe(0);
    const read = await collect(opened.input);
    expect(read.length).toBe(feed.length);
    expect(read.equals(feed)).toBe(true);
    expect(opened.fraction?.()).toBe(1);
  });
});
