import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CatalogImport, CatalogImportStatus, FeedFormat } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { importJobErrors, importJobs } from '../../platform/db/schema';

export type ImportJobRow = typeof importJobs.$inferSelect;

/** How many row errors a job keeps (all are counted): enough to fix a feed, bounded for a broken one. */
export const MAX_STORED_ERRORS = 1000;

export interface NewImportJob {
  source: string;
  location: string;
  format?: FeedFormat;
  currency?: string;
  shopUrl?: string;
  upload?: Uint8Array;
  fingerprint?: string;
  embed: boolean;
  createdBy?: string;
  /** The user whose catalogue the products join (a followed shop); shared when absent. */
  ownerId?: string | null;
}

export async function createImportJob(db: Database, job: NewImportJob): Promise<ImportJobRow> {
  const [row] = await db
    .insert(importJobs)
    .values({
      source: job.source,
      location: job.location,
      format: job.format ?? null,
      currency: job.currency ?? null,
      shopUrl: job.shopUrl ?? null,
      upload: job.upload ? Buffer.from(job.upload) : null,
      fingerprint: job.fingerprint ?? null,
      embed: job.embed,
      createdBy: job.createdBy ?? null,
      ownerId: job.ownerId ?? null,
    })
    .returning();
  return row!;
}

/**
 * The unfinished job to continue for this source and feed, if any: one that
 * was queued, or running when its process died (its heartbeat is older than
 * `staleAfterMs`). A resumed job carries on from its last committed batch.
 */
export async function findResumableJob(
  db: Database,
  source: string,
  location: string,
  staleAfterMs: number,
): Promise<ImportJobRow | undefined> {
  const [row] = await db
    .select()
    .from(importJobs)
    .where(
      and(
        eq(importJobs.source, source),
        eq(importJobs.location, location),
        inArray(importJobs.status, ['queued', 'running', 'interrupted']),
      ),
    )
    .orderBy(desc(importJobs.createdAt))
    .limit(1);
  if (!row) return undefined;
  if (row.status === 'running' && !isStale(row, staleAfterMs)) return undefined;
  return row;
}

/** A job of this source that is running now (its heartbeat is fresh): a second import of the source must wait. */
export async function findLiveJob(
  db: Database,
  source: string,
  staleAfterMs: number,
): Promise<ImportJobRow | undefined> {
  const rows = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.source, source), eq(importJobs.status, 'running')));
  return rows.find((row) => !isStale(row, staleAfterMs));
}

const isStale = (row: ImportJobRow, staleAfterMs: number) =>
  !row.heartbeatAt || Date.now() - row.heartbeatAt.getTime() >= staleAfterMs;

export async function getImportJob(db: Database, id: string): Promise<ImportJobRow | undefined> {
  const [row] = await db.select().from(importJobs).where(eq(importJobs.id, id));
  return row;
}

export async function jobErrors(db: Database, id: string, limit = MAX_STORED_ERRORS) {
  return db
    .select({
      line: importJobErrors.line,
      ref: importJobErrors.ref,
      kind: importJobErrors.kind,
      error: importJobErrors.error,
    })
    .from(importJobErrors)
    .where(eq(importJobErrors.jobId, id))
    .orderBy(asc(importJobErrors.id))
    .limit(limit);
}

export async function toCatalogImport(db: Database, row: ImportJobRow): Promise<CatalogImport> {
  const errors = await jobErrors(db, row.id);
  return {
    id: row.id,
    source: row.source,
    location: row.location,
    status: row.status as CatalogImportStatus,
    counts: {
      rows: row.rowsDone,
      created: row.created,
      updated: row.updated,
      unchanged: row.unchanged,
      removed: row.removed,
      failedRows: row.failedRows,
      imagesEmbedded: row.imagesEmbedded,
      imageErrors: row.imageErrors,
    },
    message: row.message,
    errors: errors.map((error) => ({
      line: error.line,
      ...(error.ref ? { ref: error.ref } : {}),
      kind: error.kind as 'row' | 'image',
      error: error.error,
    })),
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

export async function setJobStatus(
  db: Database,
  id: string,
  status: CatalogImportStatus,
  message?: string | null,
): Promise<void> {
  const finished = status === 'succeeded' || status === 'failed';
  await db
    .update(importJobs)
    .set({
      status,
      ...(message !== undefined ? { message } : {}),
      ...(finished ? { finishedAt: new Date() } : {}),
      ...(status === 'running'
        ? { heartbeatAt: new Date(), startedAt: sql`coalesce(${importJobs.startedAt}, now())` }
        : {}),
    })
    .where(eq(importJobs.id, id));
}
