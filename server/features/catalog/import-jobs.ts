import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { CatalogImport, CatalogImportStatus, FeedFormat } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { importJobErrors, importJobs } from '../../platform/db/schema';

export type ImportJobRow = typeof importJobs.$inferSelect;

/** How many row errors a job keeps (all are counted): enough to fix a feed, bounded for a broken one. */
export const MAX_STORED_ERRORS = 1000;

/** How often a running import says it is alive, whatever it is doing (a batch of slow image fetches included). */
export const HEARTBEAT_MS = 30_000;

/** A running job silent this long has lost its worker (a crash, a kill): four heartbeats missed. */
export const LAPSE_AFTER_MS = 4 * HEARTBEAT_MS;

/** The longest message or row error a job stores. */
const MAX_MESSAGE_LENGTH = 2000;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text a job can always store, whatever an error or a feed put in it: PostgreSQL's text holds no
 * U+0000, and UTF-8 no lone surrogate (both become U+FFFD), and it is cut to a bounded length.
 * A failure whose message could not be stored would leave its job `running`.
 */
export const storableText = (text: string): string =>
  text.slice(0, MAX_MESSAGE_LENGTH).replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');

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

/**
 * Marks the running jobs of `source` whose heartbeat lapsed as `interrupted`, saying so: their
 * worker died, so they would otherwise read `running` for ever. Importing the same feed again
 * continues them from their last committed batch (`findResumableJob`).
 */
export async function settleLapsedJobs(db: Database, source: string, staleAfterMs: number): Promise<void> {
  const lapsed = await db
    .select({ id: importJobs.id, heartbeatAt: importJobs.heartbeatAt })
    .from(importJobs)
    .where(and(eq(importJobs.source, source), eq(importJobs.status, 'running')));
  for (const job of lapsed) {
    if (!isStale(job, staleAfterMs)) continue;
    await db
      .update(importJobs)
      .set({
        status: 'interrupted',
        message: `The import stopped without finishing: its worker stopped reporting${job.heartbeatAt ? ` at ${job.heartbeatAt.toISOString()}` : ''}. Import the same feed again to continue where it stopped.`,
      })
      .where(and(eq(importJobs.id, job.id), eq(importJobs.status, 'running')));
  }
}

const isStale = (row: Pick<ImportJobRow, 'heartbeatAt'>, staleAfterMs: number) =>
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
      ...(message !== undefined ? { message: message === null ? null : storableText(message) } : {}),
      ...(finished ? { finishedAt: new Date() } : {}),
      ...(status === 'running'
        ? { heartbeatAt: new Date(), startedAt: sql`coalesce(${importJobs.startedAt}, now())` }
        : {}),
    })
    .where(eq(importJobs.id, id));
}
