/**
 * What a shop's pages said at the last read, kept with their validators: a
 * refresh asks conditionally (If-None-Match / If-Modified-Since), and a 304
 * answer reuses what the page gave last time instead of reading it again.
 */
import { and, eq } from 'drizzle-orm';
import type { Database } from '../../../platform/db/open-database';
import { shopPages } from '../../../platform/db/schema';
import type { PoliteFetcher, PoliteRequest, PoliteResponse } from './polite-fetcher';

export interface PageCache {
  /**
   * What `read` makes of the page at `url`: fetched anew, or the stored result when the shop
   * answers 304. `read` returning undefined means "nothing worth keeping" (not stored).
   */
  read<T>(url: string, request: PoliteRequest, read: (response: PoliteResponse) => Reading<T>): Promise<T | undefined>;
}

type Reading<T> = T | undefined | Promise<T | undefined>;

export function createPageCache(db: Database, shopId: string, fetcher: PoliteFetcher): PageCache {
  return {
    async read<T>(url: string, request: PoliteRequest, read: (response: PoliteResponse) => Reading<T>) {
      const [held] = await db
        .select()
        .from(shopPages)
        .where(and(eq(shopPages.shopId, shopId), eq(shopPages.url, url)));
      const response = await fetcher.fetch(url, {
        ...request,
        ...(held ? { etag: held.etag, lastModified: held.lastModified } : {}),
      });
      if (response.notModified && held) return held.data as T;
      const data = await read(response);
      if (data === undefined) return undefined;
      const row = {
        etag: response.headers['etag'] ?? null,
        lastModified: response.headers['last-modified'] ?? null,
        data,
        fetchedAt: new Date(),
      };
      await db
        .insert(shopPages)
        .values({ shopId, url, ...row })
        .onConflictDoUpdate({ target: [shopPages.shopId, shopPages.url], set: row });
      return data;
    },
  };
}
