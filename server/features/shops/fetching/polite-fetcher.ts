/**
 * Every request Loupe sends to a followed shop: through safe-fetch (no private
 * addresses, bounded size and time), one at a time per host with a pause
 * between, under a User-Agent naming Loupe, and waiting out a 429 or 503 for
 * as long as its Retry-After asks (within a bound).
 */
import { safeFetch, SafeFetchError, type SafeFetchResult } from '../../../platform/safe-fetch';
import type { ShopsSettings } from '../settings';

export interface PoliteRequest {
  accept?: string;
  maxBytes?: number;
  /** Validators of the copy Loupe holds: a 304 answer means it is still good. */
  etag?: string | null;
  lastModified?: string | null;
}

export type PoliteResponse = SafeFetchResult & { notModified: boolean };

/** The shop asked Loupe to come back later than it is willing to wait. */
export class RateLimitedError extends Error {
  override name = 'RateLimitedError';
}

const RETRIES = 3;

/** Retry-After is seconds or an HTTP date; an unreadable one means a short pause. */
export function retryAfterMs(header: string | null, now = Date.now()): number {
  if (header === null) return 1000;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

/** The pause between two requests to a host: the setting, or the host's robots.txt Crawl-delay when longer (capped). */
export function hostDelayMs(settings: ShopsSettings, crawlDelaySeconds: number | undefined): number {
  const asked = crawlDelaySeconds !== undefined && crawlDelaySeconds > 0 ? crawlDelaySeconds * 1000 : 0;
  return Math.max(settings.requestDelayMs, Math.min(asked, settings.maxCrawlDelayMs));
}

export function createPoliteFetcher(settings: ShopsSettings) {
  /** The end of each host's line of requests. */
  const lines = new Map<string, Promise<void>>();
  /** Hosts whose robots.txt asked for a longer pause than the setting. */
  const delays = new Map<string, number>();

  async function inLine<T>(host: string, work: () => Promise<T>): Promise<T> {
    const before = lines.get(host) ?? Promise.resolve();
    let leave!: () => void;
    const mine = before.then(() => new Promise<void>((resolve) => (leave = resolve)));
    lines.set(host, mine);
    await before;
    try {
      return await work();
    } finally {
      setTimeout(
        () => {
          leave();
          if (lines.get(host) === mine) lines.delete(host);
        },
        delays.get(host) ?? settings.requestDelayMs,
      );
    }
  }

  async function fetchOnce(url: string, request: PoliteRequest): Promise<PoliteResponse> {
    const headers: Record<string, string> = { accept: request.accept ?? '*/*' };
    if (request.etag) headers['if-none-match'] = request.etag;
    if (request.lastModified) headers['if-modified-since'] = request.lastModified;
    const response = await safeFetch(url, {
      allowPrivate: settings.fetchAllowPrivate,
      maxBytes: request.maxBytes ?? 8 * 1024 * 1024,
      timeoutMs: 30_000,
      userAgent: settings.userAgent,
      headers,
      passStatuses: [304],
    });
    return { ...response, notModified: response.status === 304 };
  }

  return {
    /** From now on, pauses between requests to `url`'s host as its robots.txt `Crawl-delay` (seconds) asks. */
    honourCrawlDelay(url: string, crawlDelaySeconds: number | undefined): void {
      delays.set(new URL(url).host, hostDelayMs(settings, crawlDelaySeconds));
    },
    /** GETs `url` in its host's line; throws SafeFetchError (or RateLimitedError) when it cannot. */
    fetch(url: string, request: PoliteRequest = {}): Promise<PoliteResponse> {
      return inLine(new URL(url).host, async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await fetchOnce(url, request);
          } catch (error) {
            const limited =
              error instanceof SafeFetchError && (error.upstreamStatus === 429 || error.upstreamStatus === 503);
            if (!limited || attempt >= RETRIES) throw error;
            const wait = retryAfterMs(error.retryAfter);
            if (wait > settings.maxRetryAfterMs)
              throw new RateLimitedError(
                `${new URL(url).host} asked Loupe to wait ${Math.round(wait / 1000)} s; it will try again at the next refresh`,
              );
            // Still in the host's line: nothing else is sent to a shop that asked for a pause.
            await new Promise((resolve) => setTimeout(resolve, wait));
          }
        }
      });
    },
  };
}
export type PoliteFetcher = ReturnType<typeof createPoliteFetcher>;
