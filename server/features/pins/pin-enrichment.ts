import pLimit from 'p-limit';
import { and, eq, isNull, sql } from 'drizzle-orm';
import sharp from 'sharp';
import type { Database } from '../../platform/db/open-database';
import { pins } from '../../platform/db/schema';
import { type Logger, loggableError } from '../../platform/logger';
import { safeFetch } from '../../platform/safe-fetch';
import { analyzeProvenanceFinal, type ProvenanceDeps } from '../provenance';
import type { PinEmbeddings } from './pin-embeddings';
import type { PinTableUpkeep } from './pin-table-upkeep';

/**
 * After a save is acknowledged, the backend looks at the image itself: its
 * size, its dominant colours and what its provenance says. This runs in the
 * background (a save never waits for it) with bounded concurrency, through
 * the SSRF-safe fetcher, and fills only what the client did not send.
 */
const CONCURRENCY = 2;
const PALETTE_SIZE = 5;

/** The most common colours of an image, as "#rrggbb", most common first (a coarse 4-bit-per-channel histogram). */
export async function dominantColors(bytes: Uint8Array, count = PALETTE_SIZE): Promise<string[]> {
  const { data, info } = await sharp(bytes, { limitInputPixels: 50_000_000 })
    .resize(64, 64, { fit: 'inside' })
    .removeAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const buckets = new Map<number, { n: number; r: number; g: number; b: number }>();
  for (let i = 0; i + 2 < data.length; i += info.channels) {
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!];
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const bucket = buckets.get(key) ?? { n: 0, r: 0, g: 0, b: 0 };
    bucket.n++;
    bucket.r += r;
    bucket.g += g;
    bucket.b += b;
    buckets.set(key, bucket);
  }
  const hex = (value: number) => Math.round(value).toString(16).padStart(2, '0');
  return [...buckets.values()]
    .sort((a, b) => b.n - a.n)
    .slice(0, count)
    .map(({ n, r, g, b }) => `#${hex(r / n)}${hex(g / n)}${hex(b / n)}`);
}

/**
 * `provenance`: the app's provenance settings, and its cache, where the answers land for the API too.
 * `embeddings`, when given, gets the fetched image too, for search (one fetch per saved image).
 * `upkeep`, when given, is asked after each pin's work: saves add up (see pin-table-upkeep.ts).
 */
export function createPinEnrichment(
  db: Database,
  { provenance, provenanceCache }: Pick<ProvenanceDeps, 'provenance' | 'provenanceCache'>,
  logger: Logger,
  embeddings?: Pick<PinEmbeddings, 'embedBytes'>,
  upkeep?: PinTableUpkeep,
) {
  const limit = pLimit(CONCURRENCY);
  /** Enqueued and not yet settled: what idle() and close() wait for. */
  const pending = new Set<Promise<void>>();
  let closed = false;

  async function enrich({ id, imageUrl }: { id: string; imageUrl: string }) {
    const fetched = await safeFetch(imageUrl, {
      allowPrivate: provenance.allowPrivate,
      maxBytes: provenance.maxBytes,
      timeoutMs: provenance.fetchTimeoutMs,
    });
    const [colors, metadata, verdict] = await Promise.all([
      dominantColors(fetched.bytes),
      sharp(fetched.bytes, { limitInputPixels: 50_000_000 }).metadata(),
      // The final answer: a verdict stored on a pin must not be a provisional one.
      analyzeProvenanceFinal(fetched.bytes, {
        trust: provenance.trust,
        timeBudgetMs: provenance.timeBudgetMs,
        cache: provenanceCache,
      }).catch(() => undefined),
      embeddings?.embedBytes(id, fetched.bytes),
    ]);
    await db
      .update(pins)
      .set({
        colors: sql`CASE WHEN cardinality(${pins.colors}) = 0 THEN ${sql.param(colors, pins.colors)} ELSE ${pins.colors} END`,
        width: sql`COALESCE(${pins.width}, ${metadata.width ?? null})`,
        height: sql`COALESCE(${pins.height}, ${metadata.height ?? null})`,
      })
      .where(eq(pins.id, id));
    if (verdict) {
      await db
        .update(pins)
        .set({ provenanceVerdict: verdict.verdict, provenanceStrength: verdict.strength })
        .where(and(eq(pins.id, id), isNull(pins.provenanceVerdict)));
    }
    await upkeep?.refreshIfStale();
  }

  return {
    /** Analyses a new pin's image in the background. */
    enqueue(pin: { id: string; imageUrl: string }) {
      const task = limit(() => (closed ? undefined : enrich(pin)))
        .catch((error: unknown) =>
          // The failure's kind, not its message: a refused fetch's message names the page's host.
          logger.info({ pinId: pin.id, failure: loggableError(error) }, 'pin image not analysed'),
        )
        .finally(() => pending.delete(task));
      pending.add(task);
    },
    /** Waits for all the work in hand (tests). */
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
export type PinEnrichment = ReturnType<typeof createPinEnrichment>;
