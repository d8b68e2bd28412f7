/**
 * Reads followed shops in the background. Any number of server processes may
 * run one over the same database: each run begins with a claim (see
 * `claimNext`), keeps a heartbeat while it works, and is an import job of the
 * catalogue, so products arrive (and their images are embedded) batch by
 * batch, and a run whose process died is taken over and resumed after its last
 * committed batch.
 */
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Product } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import type { Logger } from '../../platform/logger';
import {
  createImportJob,
  type FeedSource,
  getImportJob,
  type ImageEmbedder,
  ImportStoppedError,
  runImport,
} from '../catalog';
import { createPageCache } from './fetching/page-cache';
import { createPoliteFetcher } from './fetching/polite-fetcher';
import { detectPlatform, READERS } from './readers/detect';
import type { ShopReadContext } from './readers/types';
import type { ShopsSettings } from './settings';
import { type ShopRow, type ShopsRepository, shopSource } from './shops.repository';

const MAX_IMAGE_BYTES = 20 * 1024 * 1024;
const UNFINISHED = new Set(['queued', 'running', 'interrupted']);

export interface ShopRunnerDeps {
  db: Database;
  repository: ShopsRepository;
  embedder: ImageEmbedder;
  settings: ShopsSettings;
  logger?: Logger;
}

export function createShopRunner({ db, repository, embedder, settings, logger }: ShopRunnerDeps) {
  /** Names this process in claims. */
  const worker = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  // One fetcher for every run of this process: its per-host line spans shops on one host too.
  const fetcher = createPoliteFetcher(settings);
  const stop = new AbortController();
  let working: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | undefined;

  async function fetchImage(url: string): Promise<Uint8Array> {
    const response = await fetcher.fetch(url, { accept: 'image/*', maxBytes: MAX_IMAGE_BYTES });
    if (!response.format) throw new Error(`not an image (${response.declaredContentType ?? 'no content type'})`);
    return response.bytes;
  }

  /** The run's import job: the unfinished one of an interrupted run (resumed), or a new one. */
  async function importJobFor(shop: ShopRow, embed: boolean) {
    const previous = shop.importJobId ? await getImportJob(db, shop.importJobId) : undefined;
    if (previous && UNFINISHED.has(previous.status)) return previous;
    const job = await createImportJob(db, {
      source: shopSource(shop.id),
      location: shop.origin,
      format: 'jsonl',
      embed,
      ownerId: shop.ownerId,
      ...(shop.followedBy ? { createdBy: shop.followedBy } : {}),
    });
    await repository.update(shop.id, worker, { importJobId: job.id });
    return job;
  }

  async function run(shop: ShopRow): Promise<void> {
    const abort = new AbortController();
    const onStop = () => abort.abort();
    stop.signal.addEventListener('abort', onStop);
    let lost = false;
    const beat = async (progress?: { read: number; total?: number | null }) => {
      if (!(await repository.heartbeat(shop.id, worker, progress).catch(() => true))) {
        lost = true; // unfollowed, or taken over after a stall
        abort.abort();
      }
    };
    const heartbeat = setInterval(() => void beat(), Math.max(50, settings.staleAfterMs / 3));
    try {
      const platform = (shop.platform as keyof typeof READERS | null) ?? (await detectPlatform(shop.origin, fetcher));
      if (!shop.platform) await repository.update(shop.id, worker, { platform });
      let embed = true;
      try {
        void embedder.dimensions; // throws when the model is missing: products still arrive, searchable by words
      } catch {
        embed = false;
      }
      const job = await importJobFor(shop, embed);
      const context: ShopReadContext = {
        origin: shop.origin,
        pages: createPageCache(db, shop.id, fetcher),
        fetcher,
        maxProducts: settings.maxProducts,
        currency: shop.currency,
        onTotal: (total) => void beat({ read: 0, total }),
        onCurrency: (currency) => void repository.update(shop.id, worker, { currency }),
      };
      const feed: FeedSource = {
        open: async () => ({
          input: jsonLines(READERS[platform](context)),
          filename: 'shop.jsonl',
          fingerprint: shopSource(shop.id),
        }),
      };
      const done = await runImport(job.id, feed, {
        db,
        ...(embed ? { embedder } : {}),
        fetchImage,
        signal: abort.signal,
        onProgress: ({ job: progress }) => void beat({ read: progress.rowsDone }),
      });
      await repository.finish(shop.id, worker, {
        status: 'ready',
        error: null,
        refreshIntervalMs: settings.refreshIntervalMs,
      });
      logger?.info({ shop: shop.origin, created: done.created, removed: done.removed }, 'shop read');
    } catch (error) {
      if (error instanceof ImportStoppedError || abort.signal.aborted) {
        // Unfollowed: what the last batch wrote goes too. Stopping: another process (or the next start) resumes at once.
        if (lost && !(await repository.get(shop.id))) await repository.remove(shop.id);
        else if (!lost) await repository.update(shop.id, worker, { claimedBy: null, heartbeatAt: null });
        return;
      }
      logger?.warn({ err: error, shop: shop.origin }, 'shop read failed');
      await repository.finish(shop.id, worker, {
        status: 'failed',
        error: error instanceof Error ? error.message : String(error),
        refreshIntervalMs: settings.refreshIntervalMs,
      });
    } finally {
      clearInterval(heartbeat);
      stop.signal.removeEventListener('abort', onStop);
    }
  }

  /** Runs shops one after another while some are due. */
  async function drain(): Promise<void> {
    do {
      again = false;
      for (;;) {
        if (stop.signal.aborted) return;
        const shop = await repository.claimNext(worker, settings.staleAfterMs);
        if (!shop) break;
        await run(shop);
      }
    } while (again);
  }

  const runner = {
    worker,
    /** Looks for due shops now (after a follow or a refresh request), unless this process is already working. */
    kick(): void {
      if (stop.signal.aborted) return;
      if (working) {
        again = true;
        return;
      }
      working = drain()
        .catch((error: unknown) => logger?.error({ err: error }, 'shop runner failed'))
        .finally(() => (working = null));
    },
    /** Looks for due shops every `pollMs` (the schedule, and runs other processes left behind). */
    start(): void {
      if (timer) return;
      timer = setInterval(() => runner.kick(), settings.pollMs);
      timer.unref();
      runner.kick();
    },
    /** Waits until this process has no shop to read (tests). */
    async idle(): Promise<void> {
      while (working) await working;
    },
    /** Stops after the batch in flight; the run stays resumable by any process. */
    async close(): Promise<void> {
      clearInterval(timer);
      stop.abort();
      await runner.idle();
    },
  };
  return runner;
}
export type ShopRunner = ReturnType<typeof createShopRunner>;

/** Products as JSON Lines: the catalogue importer's own format. */
async function* jsonLines(products: AsyncIterable<Product>): AsyncGenerator<string> {
  for await (const product of products) yield `${JSON.stringify(product)}\n`;
}
