import pLimit from 'p-limit';
import type { Database } from '../../platform/db/open-database';
import type { Logger } from '../../platform/logger';
import type { ImageEmbedder } from '../catalog';
import type { PinTableUpkeep } from './pin-table-upkeep';
import { pinsToEmbed, pinVectorsSupported, storePinEmbedError, storePinVector } from './pin-vectors';

/**
 * Every pin's image gets a vector, so that saves can be searched by meaning and by look. A new pin
 * is embedded in the background after its save (the enrichment hands over the bytes it fetched); pins
 * saved before there was search, or under another model, are embedded once by `backfill()`, which the
 * server starts at boot. Without a model or without pgvector nothing happens: search by text still works.
 */
export interface PinEmbeddingsOptions {
  embedder: ImageEmbedder;
  /** Fetches one image through the SSRF-safe fetcher. */
  fetchImage: (url: string) => Promise<Uint8Array>;
  logger: Logger;
  /** Asked after the backfill has rewritten pins (and before it, at start): see pin-table-upkeep.ts. */
  upkeep?: PinTableUpkeep;
}

/** Pins per backfill query: the list is read again after each batch, so new saves and deletions are seen. */
const BACKFILL_BATCH = 32;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createPinEmbeddings(db: Database, { embedder, fetchImage, logger, upkeep }: PinEmbeddingsOptions) {
  // One image at a time: embedding is CPU work, and saves, imports and searches share two cores.
  const limit = pLimit(1);
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  /** The embedder's id when its model is installed and pins can hold vectors; undefined otherwise. */
  async function usableSpace(): Promise<string | undefined> {
    if (!(await pinVectorsSupported(db))) return undefined;
    try {
      void embedder.dimensions; // throws when the model is not installed
      return embedder.id;
    } catch {
      return undefined;
    }
  }

  async function embed(pinId: string, image: () => Promise<Uint8Array>) {
    const embedderId = await usableSpace();
    if (!embedderId || closed) return;
    try {
      await storePinVector(db, pinId, embedderId, await embedder.embedImage(await image()));
    } catch (error) {
      logger.info({ pinId, reason: reason(error) }, 'pin image not embedded');
      await storePinEmbedError(db, pinId, embedderId, reason(error));
    }
  }

  /** The table's upkeep failing costs search speed, never the backfill. */
  async function tidyTable() {
    await upkeep?.refreshIfStale().catch((error: unknown) => logger.warn({ err: error }, 'pins table upkeep failed'));
  }

  function track<T>(task: Promise<T>): Promise<T | undefined> {
    const settled = task
      .catch((error: unknown) => {
        logger.warn({ err: error }, 'pin embedding failed');
        return undefined;
      })
      .finally(() => pending.delete(settled));
    pending.add(settled);
    return settled;
  }

  return {
    /** Embeds a new pin's image from bytes already fetched. Never rejects. */
    embedBytes(pinId: string, bytes: Uint8Array): Promise<void> {
      return track(limit(() => embed(pinId, async () => bytes))).then(() => undefined);
    },

    /**
     * Embeds, in the background, every pin the current embedder has not looked at: once after an
     * upgrade that brought search (or a new model), then nothing. Resolves with how many it embedded or
     * recorded as failed. The server calls it at start, so it first brings the pins table's upkeep up
     * to date (with or without a model: search by text needs it too), and again after rewriting pins.
     */
    backfill(): Promise<number> {
      return track(
        (async () => {
          await tidyTable();
          const embedderId = await usableSpace();
          if (!embedderId) return 0;
          const tried = new Set<string>();
          let done = 0;
          while (!closed) {
            const batch = (await pinsToEmbed(db, embedderId, BACKFILL_BATCH)).filter((pin) => !tried.has(pin.id));
            if (batch.length === 0) break;
            for (const pin of batch) {
              if (closed) break;
              tried.add(pin.id);
              await limit(() => embed(pin.id, () => fetchImage(pin.image_url)));
              done++;
            }
          }
          if (done > 0) {
            logger.info({ pins: done }, 'pins embedded for search');
            await tidyTable();
          }
          return done;
        })(),
      ).then((count) => count ?? 0);
    },

    /** Waits for the work in hand (tests). */
    async idle() {
      while (pending.size > 0) await Promise.all(pending);
    },

    /** Shutdown: what has not started is dropped; what runs is awaited. */
    async close() {
      closed = true;
      await Promise.all(pending);
    },
  };
}
export type PinEmbeddings = ReturnType<typeof createPinEmbeddings>;
