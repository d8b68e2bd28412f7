import pLimit from 'p-limit';
import { and, count, eq, sql } from 'drizzle-orm';
import type { FeedFormat, Product } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { importJobErrors, importJobs } from '../../platform/db/schema';
import { ImageRejectedError, type ImageEmbedder } from './embeddings';
import { type FeedRow, parseFeed } from './feeds';
import type { FeedSource } from './feed-source';
import {
  getImportJob,
  HEARTBEAT_MS,
  type ImportJobRow,
  MAX_STORED_ERRORS,
  setJobStatus,
  storableText,
} from './import-jobs';
import { isDataException, rootMessage } from '../../platform/db/sql-state';
import {
  contentHash,
  findExisting,
  type ImageUpdate,
  removeUnseen,
  storeImages,
  upsertProducts,
} from './products-store';
import { ensureVectorIndex, vectorSupport, type VectorSpace } from './vector-store';

export interface ImportProgress {
  job: ImportJobRow;
  /** Share of the feed read so far, 0..1, when its size is known. */
  fraction?: number;
}

export interface ImporterOptions {
  db: Database;
  /** The embedder for product images; leave it out to import without embedding. */
  embedder?: ImageEmbedder;
  /** Fetches one product image (through safeFetch): bytes, or throws. */
  fetchImage: (url: string) => Promise<Uint8Array>;
  /** Images fetched at once (default 4). */
  fetchConcurrency?: number;
  /** Rows per committed batch: the resume granularity (default 32). */
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Stops after the batch in flight: the job is left `interrupted`, resumable from its last committed batch. */
  signal?: AbortSignal;
  /** How often the job's heartbeat is written while it runs (default `HEARTBEAT_MS`). */
  heartbeatMs?: number;
}

/** The import stopped on request (its signal); the job is left `interrupted`, resumable. */
export class ImportStoppedError extends Error {
  override name = 'ImportStoppedError';
}

/**
 * Runs (or resumes) an import job to the end: parses the feed, skips the rows
 * an earlier run already committed, and per batch of rows fetches and embeds
 * the images that are new or changed, then commits products, images, row
 * errors and the job's resume position in one transaction. A crash loses at
 * most the batch in flight; running the job again continues after the last
 * committed batch, and upserts make repeating a batch harmless.
 *
 * At the end the source's products this job did not see are removed (they
 * left the feed), unless the feed had no valid row at all: an empty or
 * broken feed must not wipe a catalogue.
 */
export async function runImport(jobId: string, feed: FeedSource, options: ImporterOptions): Promise<ImportJobRow> {
  const { db } = options;
  let job = await getImportJob(db, jobId);
  if (!job) throw new Error(`no import job ${jobId}`);
  await setJobStatus(db, jobId, 'running', null);
  const heartbeat = startHeartbeat(db, jobId, options.heartbeatMs ?? HEARTBEAT_MS);
  try {
    const support = await vectorSupport(db);
    let space: VectorSpace | undefined;
    let note: string | null = null;
    if (job.embed && options.embedder) {
      // Throws ModelUnavailableError (with how to get the model) before any row is touched.
      const dimensions = options.embedder.dimensions;
      if (support.column) space = { embedderId: options.embedder.id, dimensions };
      else
        note =
          'Product images were not embedded: similar search needs the pgvector extension, which this PostgreSQL server does not have.';
      await db.update(importJobs).set({ embedderId: options.embedder.id }).where(eq(importJobs.id, jobId));
    }

    const opened = await feed.open();
    if (job.fingerprint && job.fingerprint !== opened.fingerprint) {
      // The feed changed since the interrupted run: row positions no longer match, so start over (upserts keep it harmless).
      await db.update(importJobs).set({ rowsDone: 0, fingerprint: opened.fingerprint }).where(eq(importJobs.id, jobId));
    } else if (!job.fingerprint) {
      await db.update(importJobs).set({ fingerprint: opened.fingerprint }).where(eq(importJobs.id, jobId));
    }
    job = (await getImportJob(db, jobId))!;

    const [stored] = await db.select({ n: count() }).from(importJobErrors).where(eq(importJobErrors.jobId, jobId));
    const state: BatchState = { job, space, hasVectorColumn: support.column, storedErrors: stored?.n ?? 0, options };
    const batchSize = options.batchSize ?? 32;
    const rows = parseFeed(opened.input, {
      filename: opened.filename,
      ...(job.format ? { format: job.format as FeedFormat } : {}),
      ...(job.currency ? { currency: job.currency } : {}),
      ...(job.shopUrl ? { shopUrl: job.shopUrl } : {}),
    });
    let index = 0;
    let batch: FeedRow[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await commitBatchOrIsolate(state, batch, index);
      batch = [];
      state.job = (await getImportJob(db, jobId))!;
      options.onProgress?.({ job: state.job, ...(opened.fraction ? { fraction: opened.fraction() } : {}) });
      if (options.signal?.aborted) throw new ImportStoppedError('import stopped; run it again to continue');
    };
    for await (const row of rows) {
      index++;
      if (index <= job.rowsDone) continue;
      batch.push(row);
      if (batch.length >= batchSize) await flush();
    }
    await flush();

    job = (await getImportJob(db, jobId))!;
    const seen = job.created + job.updated + job.unchanged;
    let removed = 0;
    if (seen > 0) removed = await removeUnseen(db, job.source, jobId, job.ownerId);
    else
      note = [note, 'The feed had no valid product, so the products already imported from this source were kept.']
        .filter(Boolean)
        .join(' ');
    if (space) await ensureVectorIndex(db, space);
    await db
      .update(importJobs)
      .set({ removed: sql`${importJobs.removed} + ${removed}` })
      .where(eq(importJobs.id, jobId));
    await setJobStatus(db, jobId, 'succeeded', note);
  } catch (error) {
    heartbeat.stop();
    // Should even this write fail (the database gone), the heartbeat has stopped: the job is settled once it lapses.
    if (error instanceof ImportStoppedError) await setJobStatus(db, jobId, 'interrupted').catch(() => {});
    else await setJobStatus(db, jobId, 'failed', rootMessage(error)).catch(() => {});
    throw error;
  } finally {
    heartbeat.stop();
  }
  const finished = (await getImportJob(db, jobId))!;
  options.onProgress?.({ job: finished, fraction: 1 });
  return finished;
}

/**
 * Writes the job's heartbeat every `intervalMs` until stopped, so a job busy with a long batch is
 * never taken for one whose worker died. Only a `running` job's: a late beat never revives a finished one.
 */
function startHeartbeat(db: Database, jobId: string, intervalMs: number): { stop(): void } {
  const timer = setInterval(() => {
    void db
      .update(importJobs)
      .set({ heartbeatAt: new Date() })
      .where(and(eq(importJobs.id, jobId), eq(importJobs.status, 'running')))
      .catch(() => {}); // a missed beat is what the lapse allows for
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/**
 * Commits a batch. Should the database refuse its values (a data exception: a NUL in a text, a
 * number out of range, whatever the feed parser let through), commits its rows one by one
 * instead, so that only the refused rows are skipped, each reported by line.
 */
async function commitBatchOrIsolate(state: BatchState, batch: FeedRow[], rowsDoneAfter: number): Promise<void> {
  try {
    await commitBatch(state, batch, rowsDoneAfter);
    return;
  } catch (error) {
    if (!isDataException(error)) throw error;
    if (batch.length === 1) {
      const [row] = batch as [FeedRow];
      const refused: FeedRow = {
        ok: false,
        line: row.line,
        ...(row.ref ? { ref: row.ref } : {}),
        error: `the database refused the row: ${rootMessage(error)}`,
      };
      await commitBatch(state, [refused], rowsDoneAfter);
      return;
    }
  }
  const firstIndex = rowsDoneAfter - batch.length;
  for (const [offset, row] of batch.entries()) await commitBatchOrIsolate(state, [row], firstIndex + offset + 1);
}

interface BatchState {
  job: ImportJobRow;
  space: VectorSpace | undefined;
  hasVectorColumn: boolean;
  storedErrors: number;
  options: ImporterOptions;
}

interface RowError {
  line: number;
  ref?: string;
  kind: 'row' | 'image';
  error: string;
}

async function commitBatch(state: BatchState, batch: FeedRow[], rowsDoneAfter: number): Promise<void> {
  const { db } = state.options;
  const { job, space } = state;
  const errors: RowError[] = [];
  // The last row of a source id wins, as it would across batches.
  const good = new Map<string, { product: Product; line: number; ref?: string }>();
  for (const row of batch) {
    if (row.ok)
      good.set(row.product.sourceId, { product: row.product, line: row.line, ...(row.ref ? { ref: row.ref } : {}) });
    else errors.push({ line: row.line, ...(row.ref ? { ref: row.ref } : {}), kind: 'row', error: row.error });
  }
  const existing = await findExisting(db, job.source, [...good.keys()]);
  const counts = { created: 0, updated: 0, unchanged: 0, imagesEmbedded: 0, imageErrors: 0 };
  for (const { product } of good.values()) {
    const before = existing.get(product.sourceId);
    if (!before) counts.created++;
    else if (before.contentHash !== contentHash(product)) counts.updated++;
    else counts.unchanged++;
  }

  // Images that are new, changed, or embedded by another model.
  const images = new Map<
    string,
    { url: string; outcome: 'embedded' | 'failed' | 'pending'; vector?: Float32Array; error?: string }
  >();
  const toEmbed: { sourceId: string; url: string; line: number; ref?: string }[] = [];
  for (const [sourceId, { product, line, ref }] of good) {
    const before = existing.get(sourceId);
    const sameImage = before?.imageUrl === product.imageUrl;
    if (space && !(sameImage && before?.embedderId === space.embedderId))
      toEmbed.push({ sourceId, url: product.imageUrl, line, ...(ref ? { ref } : {}) });
    else if (!space && !sameImage) images.set(sourceId, { url: product.imageUrl, outcome: 'pending' });
  }
  if (space && state.options.embedder && toEmbed.length > 0) {
    const fetched = await pLimit(state.options.fetchConcurrency ?? 4).map(toEmbed, async (item) => {
      try {
        return { item, bytes: await state.options.fetchImage(item.url) };
      } catch (error) {
        return { item, error: storableText(`image ${item.url}: ${rootMessage(error)}`) };
      }
    });
    const ready = fetched.filter((f): f is { item: (typeof toEmbed)[number]; bytes: Uint8Array } => 'bytes' in f);
    const vectors = await embedAll(
      state.options.embedder,
      ready.map((f) => f.bytes),
    );
    ready.forEach((f, i) => {
      const result = vectors[i]!;
      if (result instanceof Float32Array)
        images.set(f.item.sourceId, { url: f.item.url, outcome: 'embedded', vector: result });
      else
        images.set(f.item.sourceId, {
          url: f.item.url,
          outcome: 'failed',
          error: storableText(`image ${f.item.url}: ${result}`),
        });
    });
    for (const f of fetched)
      if ('error' in f) images.set(f.item.sourceId, { url: f.item.url, outcome: 'failed', error: f.error });
    for (const item of toEmbed) {
      const image = images.get(item.sourceId);
      if (image?.outcome === 'embedded') counts.imagesEmbedded++;
      else if (image?.outcome === 'failed') {
        counts.imageErrors++;
        errors.push({
          line: item.line,
          ...(item.ref ? { ref: item.ref } : {}),
          kind: 'image',
          error: image.error ?? 'not embedded',
        });
      }
    }
  }

  const keptErrors = errors.slice(0, Math.max(0, MAX_STORED_ERRORS - state.storedErrors));
  await db.transaction(async (tx) => {
    const ids = await upsertProducts(
      tx,
      job.source,
      job.id,
      [...good.values()].map((g) => g.product),
      job.ownerId,
    );
    const updates: ImageUpdate[] = [];
    for (const [sourceId, image] of images) {
      const productId = ids.get(sourceId)!;
      if (image.outcome === 'embedded')
        updates.push({ productId, url: image.url, kind: 'embedded', vector: image.vector! });
      else if (image.outcome === 'failed')
        updates.push({ productId, url: image.url, kind: 'failed', error: image.error ?? 'not embedded' });
      else updates.push({ productId, url: image.url, kind: 'pending' });
    }
    await storeImages(tx, updates, space, state.hasVectorColumn);
    if (keptErrors.length > 0)
      await tx.insert(importJobErrors).values(
        keptErrors.map((error) => ({
          jobId: job.id,
          line: error.line,
          ref: error.ref === undefined ? null : storableText(error.ref),
          kind: error.kind,
          error: storableText(error.error),
        })),
      );
    await tx
      .update(importJobs)
      .set({
        rowsDone: rowsDoneAfter,
        created: sql`${importJobs.created} + ${counts.created}`,
        updated: sql`${importJobs.updated} + ${counts.updated}`,
        unchanged: sql`${importJobs.unchanged} + ${counts.unchanged}`,
        failedRows: sql`${importJobs.failedRows} + ${errors.filter((e) => e.kind === 'row').length}`,
        imagesEmbedded: sql`${importJobs.imagesEmbedded} + ${counts.imagesEmbedded}`,
        imageErrors: sql`${importJobs.imageErrors} + ${counts.imageErrors}`,
        heartbeatAt: new Date(),
      })
      .where(eq(importJobs.id, job.id));
  });
  state.storedErrors += keptErrors.length;
}

/** Embeds a batch; when one image spoils it, embeds them one by one so only that image fails (with why). */
async function embedAll(embedder: ImageEmbedder, images: Uint8Array[]): Promise<(Float32Array | string)[]> {
  if (images.length === 0) return [];
  try {
    return await embedder.embedImages(images);
  } catch (error) {
    if (!(error instanceof ImageRejectedError)) throw error;
  }
  const results: (Float32Array | string)[] = [];
  for (const bytes of images) {
    try {
      results.push(await embedder.embedImage(bytes));
    } catch (error) {
      if (!(error instanceof ImageRejectedError)) throw error;
      results.push(error.message.replace(/^image #\d+: /, ''));
    }
  }
  return results;
}
