import path from 'node:path';
import { parseArgs } from 'node:util';
import { CatalogSourceSchema, CurrencyCodeSchema, FeedFormatSchema } from '../../utils/contract';
import {
  catalogSettingsFromEnv,
  createCatalog,
  createImportJob,
  fileFeed,
  findLiveJob,
  findResumableJob,
  type ImportJobRow,
  ImportStoppedError,
  jobErrors,
  ModelUnavailableError,
  runImport,
  urlFeed,
} from '../features/catalog';
import { openDatabase } from '../platform/db/open-database';
import type { Env } from '../env';
import { UsageError } from './usage-error';

const USAGE = `npm run server -- catalog import FILE_OR_URL [--source NAME] [--format F] [--currency C] [--shop-url URL] [--no-embed]
  Imports a product feed (Merchant Center TSV or XML, Shopify products.json, JSON Lines) as source NAME
  (default: the file name, or the URL's host). Re-importing a source updates changed products and removes
  those that left the feed. Interrupted (Ctrl-C, a crash)? Run the same command again: it continues.
  --format    gmc-tsv | gmc-xml | shopify-json | jsonl (default: detected)
  --currency  the shop's currency, for Shopify feeds (they carry none)
  --shop-url  the shop's address, for a Shopify products.json read from a file
  --no-embed  import without embedding images (no model needed; similar search will not find these products)`;

/** A problem with the import a person can act on: printed without a stack trace. */
export class CatalogCommandError extends Error {
  override name = 'CatalogCommandError';
}

const isUrl = (value: string) => /^https?:\/\//i.test(value);

/** `catalog import …`: imports a feed with a progress bar (plain progress lines when not on a terminal). */
export async function catalogCommand(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      source: { type: 'string' },
      format: { type: 'string' },
      currency: { type: 'string' },
      'shop-url': { type: 'string' },
      'no-embed': { type: 'boolean', default: false },
    },
  });
  const [action, feedArg] = positionals;
  if (action !== 'import' || !feedArg || positionals.length > 2) throw new UsageError(USAGE);
  const source = values.source ?? defaultSource(feedArg);
  const checkedSource = CatalogSourceSchema.safeParse(source);
  if (!checkedSource.success)
    throw new UsageError(
      `Invalid source name "${source}": ${checkedSource.error.issues[0]?.message}. Pass --source NAME.`,
    );
  const format = values.format === undefined ? undefined : parseOption(FeedFormatSchema, values.format, '--format');
  const currency =
    values.currency === undefined ? undefined : parseOption(CurrencyCodeSchema, values.currency, '--currency');
  const embed = !values['no-embed'];

  const settings = catalogSettingsFromEnv(env);
  if (embed) {
    try {
      void settings.embedder.dimensions;
    } catch (error) {
      if (error instanceof ModelUnavailableError)
        throw new CatalogCommandError(`${error.message}\nOr import without embedding images: add --no-embed.`);
      throw error;
    }
  }

  const location = isUrl(feedArg) ? feedArg : path.resolve(feedArg);
  const shopUrl = values['shop-url'] ?? (isUrl(feedArg) ? new URL(feedArg).origin : undefined);
  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.LOUPE_DATA_DIR });
  const abort = new AbortController();
  const onSignal = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
    process.stderr.write('\nStopping after the current batch… (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSignal);
  try {
    const { db } = database;
    // The embedded database has one owner (this process), so a "running" job there was interrupted.
    const staleAfterMs = database.kind === 'pglite' ? 0 : 120_000;
    if (await findLiveJob(db, checkedSource.data, staleAfterMs))
      throw new CatalogCommandError(`An import of source "${checkedSource.data}" is running; wait for it to finish.`);
    const resumed = await findResumableJob(db, checkedSource.data, location, staleAfterMs);
    const job =
      resumed ??
      (await createImportJob(db, {
        source: checkedSource.data,
        location,
        embed,
        ...(format ? { format } : {}),
        ...(currency ? { currency } : {}),
        ...(shopUrl ? { shopUrl } : {}),
      }));
    if (resumed) console.log(`Continuing the interrupted import ${job.id} after row ${job.rowsDone}.`);
    else console.log(`Importing ${location} as source "${job.source}" (job ${job.id}).`);

    const catalog = createCatalog(db, settings);
    const progress = progressPrinter(process.stdout.isTTY === true);
    const feed = isUrl(location)
      ? urlFeed(location, { allowPrivate: env.LOUPE_FETCH_ALLOW_PRIVATE })
      : fileFeed(location);
    let finished: ImportJobRow;
    try {
      finished = await runImport(job.id, feed, {
        db,
        ...(job.embed ? { embedder: settings.embedder } : {}),
        fetchImage: catalog.fetchImage,
        signal: abort.signal,
        onProgress: ({ job: current, fraction }) => progress.update(current, fraction),
      });
    } catch (error) {
      progress.end();
      if (error instanceof ImportStoppedError) {
        console.log(
          `Stopped after row ${(await findResumableJob(db, job.source, location, 0))?.rowsDone ?? '?'}. Run the same command again to continue.`,
        );
        process.exitCode = 130;
        return;
      }
      if (error instanceof ModelUnavailableError) throw new CatalogCommandError(error.message);
      throw new CatalogCommandError(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
    }
    progress.end();
    console.log(summary(finished));
    const errors = await jobErrors(db, finished.id, 20);
    for (const error of errors)
      console.log(
        `  line ${error.line}${error.ref ? ` (${error.ref})` : ''}: ${error.kind === 'image' ? 'image not embedded: ' : 'skipped: '}${error.error}`,
      );
    const more = finished.failedRows + finished.imageErrors - errors.length;
    if (more > 0) console.log(`  … and ${more} more (GET /v1/catalog/imports/${finished.id} lists up to 1000)`);
    if (finished.message) console.log(finished.message);
    await settings.embedder.close();
  } finally {
    process.off('SIGINT', onSignal);
    await database.close();
  }
}

function parseOption<T>(
  schema: {
    safeParse(
      value: unknown,
    ): { success: true; data: T } | { success: false; error: { issues: { message: string }[] } };
  },
  value: string,
  name: string,
): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new UsageError(`Invalid ${name} "${value}": ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function defaultSource(feed: string): string {
  if (isUrl(feed)) return new URL(feed).hostname;
  return (
    path
      .basename(feed)
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w.-]+/g, '-') || 'feed'
  );
}

const summary = (job: ImportJobRow) =>
  `Done: ${job.rowsDone} rows; ${job.created} new, ${job.updated} updated, ${job.unchanged} unchanged, ${job.removed} removed; ` +
  `${job.failedRows} bad rows skipped; ${job.imagesEmbedded} images embedded, ${job.imageErrors} not.`;

/** A bar redrawn in place on a terminal; elsewhere (CI, pipes) a plain line at most every two seconds. */
function progressPrinter(tty: boolean) {
  let lastLine = 0;
  let drawn = false;
  const counts = (job: ImportJobRow) =>
    `${job.rowsDone} rows · ${job.created} new · ${job.updated} updated · ${job.failedRows} bad · ${job.imagesEmbedded} images`;
  return {
    update(job: ImportJobRow, fraction: number | undefined) {
      if (tty) {
        const width = 30;
        const filled = Math.round((fraction ?? 0) * width);
        const bar =
          fraction === undefined
            ? ''
            : `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}% `;
        process.stdout.write(`\r${bar}${counts(job)}\x1b[K`);
        drawn = true;
      } else if (Date.now() - lastLine >= 2000) {
        lastLine = Date.now();
        console.log(`progress: ${fraction === undefined ? '' : `${Math.round(fraction * 100)}% · `}${counts(job)}`);
      }
    },
    end() {
      if (drawn) process.stdout.write('\n');
      drawn = false;
    },
  };
}
