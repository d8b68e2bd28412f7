import { createHash } from 'node:crypto';
import path from 'node:path';
import type {
  CatalogImport,
  FeedFormat,
  ImageRegion,
  ProductFilters,
  ProductSearchResult,
} from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { createImageEmbedder, cropToRegion, DEFAULT_EMBED_MODEL, type ImageEmbedder } from './embeddings';
import type { Env } from '../../env';
import type { Logger } from '../../platform/logger';
import { safeFetch } from '../../platform/safe-fetch';
import { createCapturedProducts } from './captured-products';
import { bytesFeed, type FeedSource, urlFeed } from './feed-source';
import {
  createImportJob,
  findLiveJob,
  findResumableJob,
  getImportJob,
  type ImportJobRow,
  LAPSE_AFTER_MS,
  settleLapsedJobs,
  toCatalogImport,
} from './import-jobs';
import { ImportStoppedError, runImport } from './importer';
import { productSummaries, searchText } from './products-store';
import { requireVectors, searchByVector, vectorSupport, type VectorHit } from './vector-store';

export interface CatalogSettings {
  embedder: ImageEmbedder;
  /** LOUPE_FETCH_ALLOW_PRIVATE: let server-side fetches reach private and loopback addresses (development, tests). */
  fetchAllowPrivate: boolean;
  /** A running job whose heartbeat is older than this was interrupted (default `LAPSE_AFTER_MS`, 2 minutes). */
  staleAfterMs?: number;
}

/** Defaults for tests and tools: the default model in `./.loupe/models`, public addresses only. */
export const catalogSettings = (overrides: Partial<CatalogSettings> = {}): CatalogSettings => ({
  embedder:
    overrides.embedder ??
    createImageEmbedder({ modelDir: path.resolve('.loupe', 'models'), modelId: DEFAULT_EMBED_MODEL }),
  fetchAllowPrivate: overrides.fetchAllowPrivate ?? false,
  ...(overrides.staleAfterMs !== undefined ? { staleAfterMs: overrides.staleAfterMs } : {}),
});

/** The settings LOUPE_MODEL_DIR, LOUPE_EMBED_MODEL and LOUPE_FETCH_ALLOW_PRIVATE name; the CLI and the server share them. */
export const catalogSettingsFromEnv = (
  env: Pick<Env, 'LOUPE_MODEL_DIR' | 'LOUPE_EMBED_MODEL' | 'LOUPE_FETCH_ALLOW_PRIVATE'>,
): CatalogSettings => ({
  embedder: createImageEmbedder({ modelDir: env.LOUPE_MODEL_DIR, modelId: env.LOUPE_EMBED_MODEL }),
  fetchAllowPrivate: env.LOUPE_FETCH_ALLOW_PRIVATE,
});

/** A search: `k` results, filters, and whose captured products may appear besides the shared catalogue (none without a viewer). */
export interface SearchOptions {
  k: number;
  filters: ProductFilters;
  viewerId?: string;
}

/** Another import of this source is running. */
export class SourceBusyError extends Error {
  override name = 'SourceBusyError';
}

/** The fetched URL is not an image. */
export class NotAnImageError extends Error {
  override name = 'NotAnImageError';
}

export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

export interface StartImport {
  source: string;
  url?: string;
  upload?: { bytes: Uint8Array; filename: string };
  format?: FeedFormat;
  currency?: string;
  embed: boolean;
  createdBy?: string;
}

/** Catalogue imports and product search over one database, for the API. */
export function createCatalog(db: Database, settings: CatalogSettings, logger?: Logger) {
  const { embedder } = settings;
  const staleAfterMs = settings.staleAfterMs ?? LAPSE_AFTER_MS;
  const running = new Map<string, { done: Promise<unknown>; abort: AbortController }>();

  async function fetchImage(url: string): Promise<Uint8Array> {
    const response = await safeFetch(url, {
      allowPrivate: settings.fetchAllowPrivate,
      maxBytes: MAX_IMAGE_BYTES,
      timeoutMs: 15_000,
      userAgent: 'Loupe/0.1 (+product images)',
    });
    if (!response.format)
      throw new NotAnImageError(`${url} is not an image (${response.declaredContentType ?? 'no content type'})`);
    return response.bytes;
  }

  function launch(job: ImportJobRow, feed: FeedSource) {
    const abort = new AbortController();
    const done = runImport(job.id, feed, { db, embedder, fetchImage, signal: abort.signal })
      .catch((error: unknown) => {
        if (!(error instanceof ImportStoppedError))
          logger?.warn({ err: error, jobId: job.id }, 'catalog import failed');
      })
      .finally(() => running.delete(job.id));
    running.set(job.id, { done, abort });
  }

  async function searchResults(hits: VectorHit[]): Promise<ProductSearchResult[]> {
    const summaries = await productSummaries(
      db,
      hits.map((hit) => hit.productId),
    );
    return hits.flatMap((hit) => {
      const product = summaries.get(hit.productId);
      return product ? [{ product, score: round(hit.score) }] : [];
    });
  }

  const captured = createCapturedProducts(db, { embedder, fetchImage, ...(logger ? { logger } : {}) });

  return {
    embedder,
    settings,
    fetchImage,
    /** Users' own captured products (private to each): add, forget. */
    captured,

    /**
     * Starts an import in the background and returns its job. Continues the
     * unfinished job of the same source and feed if there is one. Throws
     * ModelUnavailableError when embedding is asked for and the model is
     * missing, SourceBusyError when the source is being imported.
     */
    async startImport(input: StartImport): Promise<ImportJobRow> {
      if (input.embed) void embedder.dimensions; // throws ModelUnavailableError, with how to get the model
      await settleLapsedJobs(db, input.source, staleAfterMs);
      if (await findLiveJob(db, input.source, staleAfterMs))
        throw new SourceBusyError(`An import of source "${input.source}" is running; wait for it to finish.`);
      const location =
        input.url ??
        `upload:${input.upload!.filename}:${createHash('sha256').update(input.upload!.bytes).digest('hex').slice(0, 16)}`;
      const job =
        (await findResumableJob(db, input.source, location, staleAfterMs)) ??
        (await createImportJob(db, {
          source: input.source,
          location,
          embed: input.embed,
          ...(input.format ? { format: input.format } : {}),
          ...(input.currency ? { currency: input.currency } : {}),
          ...(input.url ? { shopUrl: new URL(input.url).origin } : {}),
          ...(input.upload ? { upload: input.upload.bytes } : {}),
          ...(input.createdBy ? { createdBy: input.createdBy } : {}),
        }));
      const feed = job.upload
        ? bytesFeed(job.upload, job.location.split(':')[1] ?? 'feed')
        : urlFeed(job.location, { allowPrivate: settings.fetchAllowPrivate });
      launch(job, feed);
      return job;
    },

    async getImport(id: string): Promise<CatalogImport | undefined> {
      let row = await getImportJob(db, id);
      if (row?.status === 'running' && !running.has(id)) {
        await settleLapsedJobs(db, row.source, staleAfterMs);
        row = await getImportJob(db, id);
      }
      return row && toCatalogImport(db, row);
    },

    toCatalogImport: (row: ImportJobRow) => toCatalogImport(db, row),

    /**
     * Products whose images look like this one (or the `region` of it): the shared catalogue and the
     * viewer's own captured products. Throws PgvectorMissingError / ModelUnavailableError (503s) and ImageRejectedError.
     */
    async similarToImage(
      bytes: Uint8Array,
      { k, filters, viewerId, region }: SearchOptions & { region?: ImageRegion },
    ): Promise<ProductSearchResult[]> {
      await requireVectors(db);
      const vector = await embedder.embedImage(region ? await cropToRegion(bytes, region) : bytes);
      return searchResults(
        await searchByVector(db, { embedderId: embedder.id, dimensions: vector.length }, vector, {
          k,
          filters,
          viewerId,
        }),
      );
    },

    /** Products whose images are near a vector this embedder made (a pin's, say). Throws PgvectorMissingError. */
    async similarToVector(
      vector: Float32Array,
      { k, filters, viewerId }: SearchOptions,
    ): Promise<ProductSearchResult[]> {
      return searchResults(
        await searchByVector(db, { embedderId: embedder.id, dimensions: vector.length }, vector, {
          k,
          filters,
          viewerId,
        }),
      );
    },

    /**
     * Keyword search: Postgres full-text search over title, brand and
     * description, blended with text-to-image similarity when the model has a
     * text tower (CLIP) and pgvector is there. Works with neither.
     */
    async searchText(q: string, { k, filters, viewerId }: SearchOptions): Promise<ProductSearchResult[]> {
      const candidates = Math.min(200, k * 3);
      const text = await searchText(db, q, { k: candidates, filters, viewerId });
      let visual: VectorHit[] = [];
      if (embedder.hasTextTower && embedder.embedText && (await vectorSupport(db)).column) {
        try {
          const vector = await embedder.embedText(q);
          visual = await searchByVector(db, { embedderId: embedder.id, dimensions: vector.length }, vector, {
            k: candidates,
            filters,
            viewerId,
          });
        } catch (error) {
          logger?.warn({ err: error }, 'text-to-image search failed; answering with full-text search alone');
        }
      }
      const scores = new Map<string, number>();
      const textWeight = visual.length > 0 ? 0.5 : 1;
      for (const hit of text) scores.set(hit.productId, textWeight * hit.score);
      for (const hit of visual)
        scores.set(hit.productId, (scores.get(hit.productId) ?? 0) + (1 - textWeight) * Math.max(0, hit.score));
      const ranked = [...scores]
        .map(([productId, score]) => ({ productId, score }))
        .sort((a, b) => b.score - a.score || a.productId.localeCompare(b.productId));
      return searchResults(ranked.slice(0, k));
    },

    /** Waits for the imports running in the background (tests). */
    async idle(): Promise<void> {
      while (running.size > 0) await Promise.all([...running.values()].map((job) => job.done));
      await captured.idle();
    },

    /** Stops background imports after their current batch (they stay resumable) and waits for them. */
    async close(): Promise<void> {
      for (const job of running.values()) job.abort.abort();
      await captured.close();
      await this.idle();
    },
  };
}
export type Catalog = ReturnType<typeof createCatalog>;

const round = (score: number) => Math.round(score * 1e6) / 1e6;
