import type { Product } from '../../../../utils/contract';
import type { PageCache } from '../fetching/page-cache';
import type { PoliteFetcher } from '../fetching/polite-fetcher';

/** What a reader needs to read one shop. */
export interface ShopReadContext {
  /** `https://shop.example` */
  origin: string;
  /** Conditional reads of the shop's pages (refreshes reuse what did not change). */
  pages: PageCache;
  fetcher: PoliteFetcher;
  /** Stop after this many products. */
  maxProducts: number;
  /** Shopify: the shop's currency, when already known. */
  currency: string | null;
  /** The reader learned how many products to expect. */
  onTotal(total: number): void;
  /** The reader learned the shop's currency (Shopify), to keep for refreshes. */
  onCurrency(currency: string): void;
}

/** Reads a shop's products, each once, at most `maxProducts`. Throws when the shop cannot be read at all. */
export type ShopReader = (context: ShopReadContext) => AsyncGenerator<Product>;

/** The shop's answers cannot be read as products. */
export class UnreadableShopError extends Error {
  override name = 'UnreadableShopError';
}

export const textOf = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

/** Parses JSON, or undefined when it is not JSON. */
export function jsonOf(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(textOf(bytes)) as unknown;
  } catch {
    return undefined;
  }
}
