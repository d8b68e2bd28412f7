import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, DatabaseHandle } from '../../platform/db/open-database';
import { importJobs } from '../../platform/db/schema';
import { testDatabases, withoutVectorTestDatabases } from '../../testing/test-databases';
import type { ImageEmbedder } from './embeddings';
import { bytesFeed, type FeedSource } from './feed-source';
import {
  createImportJob,
  findLiveJob,
  getImportJob,
  LAPSE_AFTER_MS,
  settleLapsedJobs,
  toCatalogImport,
} from './import-jobs';
import { runImport, type ImporterOptions } from './importer';
import { jsonl, sampleProduct } from './testing/catalog';
import { vectorSupport } from './vector-store';

/**
 * An import always ends, whichever step fails: as `failed` with a message the database can store
 * (the failures below carry a NUL, which PostgreSQL's text cannot), or, when even that write
 * fails, as `interrupted` once its heartbeat lapses. A bad row is skipped and reported by line.
 */

const encode = (text: string) => new TextEncoder().encode(text);
const NUL = '\u0000';
const feedOf = (count: number) =>
  jsonl(Array.from({ length: count }, (_, i) => sampleProduct(`P-${i}`, { imageUrl: `https://c.example/${i}.jpg` })));

/** A feed whose reading fails after its first line. */
const breakingFeed = (message: string): FeedSource => ({
  open: async () => ({
    filename: 'broken.jsonl',
    fingerprint: 'broken',
    input: (async function* () {
      yield encode(`${feedOf(1)}\n`);
      throw new Error(message);
    })(),
  }),
});

/** An embedder that crashes (not an image it refuses: the model itself failing). */
const crashingEmbedder: ImageEmbedder = {
  id: 'test/crashing:fp32',
  dimensions: 4,
  hasTextTower: false,
  embedImage: () => Promise.reject(new Error(`the model crashed${NUL}`)),
  embedImages: () => Promise.reject(new Error(`the model crashed${NUL}`)),
  close: async () => {},
};

/** The database, except that marking a job `failed` fails (the database gone at that moment). */
function refusingFailedStatus(db: Database): Database {
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'update') return Reflect.get(target, property, target) as unknown;
      return (table: typeof importJobs) => {
        const update = target.update(table);
        return {
          set: (values: { status?: string }) =>
            values.status === 'failed'
              ? { where: () => Promise.reject(new Error('connection lost')) }
              : update.set(values as never),
        };
      };
    },
  });
}

for (const target of [...testDatabases, ...withoutVectorTestDatabases]) {
  describe.skipIf(!target.available)(`an import always ends, on ${target.name}`, () => {
    let handle: DatabaseHandle;
    beforeAll(async () => {
      handle = await target.open();
    });
    afterAll(() => handle?.close());

    const start = (source: string, options: Partial<ImporterOptions> = {}, feed?: FeedSource) =>
      createImportJob(handle.db, { source, location: `test:${source}`, embed: Boolean(options.embedder) }).then((job) =>
        runImport(job.id, feed ?? bytesFeed(encode(feedOf(3)), 'feed.jsonl'), {
          db: handle.db,
          fetchImage: async (url) => encode(`image of ${url}`),
          ...options,
        }).then(
          () => getImportJob(handle.db, job.id),
          () => getImportJob(handle.db, job.id),
        ),
      );

    it('skips a row the database refuses (a NUL in its text) and reports it by line; the others are imported', async () => {
      const feed = jsonl([
        sampleProduct('N-1'),
        sampleProduct('N-2', { title: `Oak${NUL}chair`, brand: `Nord${NUL}wood` }),
        sampleProduct('N-3'),
      ]);
      const job = await start('nul-row', {}, bytesFeed(encode(feed), 'feed.jsonl'));
      expect(job).toMatchObject({ status: 'succeeded', created: 2, failedRows: 1, rowsDone: 3 });
      const report = await toCatalogImport(handle.db, job!);
      expect(report.errors).toEqual([expect.objectContaining({ line: 2, kind: 'row' })]);
    });

    it('ends failed, with its message stored, when reading the feed fails', async () => {
      const job = await start('parse-fails', {}, breakingFeed(`the disk went away${NUL} at byte 12`));
      expect(job).toMatchObject({ status: 'failed', message: 'the disk went away\uFFFD at byte 12' });
      expect(job!.finishedAt).not.toBeNull();
      expect(await findLiveJob(handle.db, 'parse-fails', LAPSE_AFTER_MS)).toBeUndefined();
    });

    it('keeps a product whose image cannot be fetched, storing why even when the reason holds a NUL', async () => {
      const job = await start('image-fetch-fails', {
        embedder: crashingEmbedder,
        fetchImage: () => Promise.reject(new Error(`upstream said${NUL}no`)),
      });
      expect(job).toMatchObject({ status: 'succeeded', created: 3 });
      if ((await vectorSupport(handle.db)).column) {
        expect((await toCatalogImport(handle.db, job!)).errors).toEqual([
          expect.objectContaining({ line: 1, kind: 'image', error: expect.stringContaining('upstream said\uFFFDno') }),
          expect.objectContaining({ line: 2, kind: 'image' }),
          expect.objectContaining({ line: 3, kind: 'image' }),
        ]);
      }
    });

    it('ends failed, with its message stored, when the embedding model crashes', async () => {
      const job = await start('image-embed-fails', { embedder: crashingEmbedder });
      // Without pgvector nothing is embedded, so nothing crashes.
      if ((await vectorSupport(handle.db)).column) {
        expect(job).toMatchObject({ status: 'failed', message: 'the model crashed\uFFFD' });
      } else expect(job).toMatchObject({ status: 'succeeded' });
    });

    it('ends failed, with its message stored, when a commit fails', async () => {
      await handle.db.execute(sql`
        create or replace function loupe_test_refuse_commit() returns trigger language plpgsql as $$
        begin raise exception 'commit refused'; end $$`);
      await handle.db.execute(sql`
        create trigger loupe_test_refuse_commit before insert on products
        for each row when (new.source = 'commit-fails') execute function loupe_test_refuse_commit()`);
      try {
        const job = await start('commit-fails');
        expect(job).toMatchObject({ status: 'failed', message: expect.stringContaining('commit refused'), created: 0 });
      } finally {
        await handle.db.execute(sql`drop trigger loupe_test_refuse_commit on products`);
      }
    });

    it('is settled as interrupted once its heartbeat lapses, when even marking it failed fails', async () => {
      const job = await start(
        'status-fails',
        { db: refusingFailedStatus(handle.db) },
        breakingFeed('the disk went away'),
      );
      expect(job).toMatchObject({ status: 'running' }); // its worker has given up: no heartbeat comes any more
      await settleLapsedJobs(handle.db, 'status-fails', LAPSE_AFTER_MS);
      expect(await getImportJob(handle.db, job!.id)).toMatchObject({ status: 'running' }); // not lapsed yet

      // The lapse, without waiting two minutes for it.
      await handle.db
        .update(importJobs)
        .set({ heartbeatAt: new Date(Date.now() - LAPSE_AFTER_MS) })
        .where(eq(importJobs.id, job!.id));
      expect(await findLiveJob(handle.db, 'status-fails', LAPSE_AFTER_MS)).toBeUndefined();
      await settleLapsedJobs(handle.db, 'status-fails', LAPSE_AFTER_MS);
      expect(await getImportJob(handle.db, job!.id)).toMatchObject({
        status: 'interrupted',
        message: expect.stringContaining('Import the same feed again to continue'),
      });
    });

    it('beats its heartbeat while a slow step runs, so a live job is never taken for a dead one', async () => {
      const job = await createImportJob(handle.db, { source: 'slow', location: 'test:slow', embed: false });
      const heartbeat = async () => (await getImportJob(handle.db, job.id))?.heartbeatAt?.getTime() ?? 0;
      const slowFeed: FeedSource = {
        open: async () => ({
          filename: 'slow.jsonl',
          fingerprint: 'slow',
          input: (async function* () {
            const first = await heartbeat();
            // Reading waits until the heartbeat has moved on, as it must while a long step runs.
            while ((await heartbeat()) <= first) await new Promise((resolve) => setTimeout(resolve, 5));
            yield encode(feedOf(2));
          })(),
        }),
      };
      const finished = await runImport(job.id, slowFeed, {
        db: handle.db,
        fetchImage: async () => encode('image'),
        heartbeatMs: 10,
      });
      expect(finished).toMatchObject({ status: 'succeeded', created: 2 });
    });
  });
}
