import type { FeedFormat, Product } from '../../../../utils/contract/products';

/**
 * One row of a feed, parsed. A bad row is reported and the parser moves on:
 * one broken product never costs the rest of the catalogue.
 */
export type FeedRow =
  | {
      ok: true;
      /** 1-based line in the feed where the row starts. */
      line: number;
      /** Where in a nested feed, e.g. "products[3].variants[1]". */
      ref?: string;
      product: Product;
      /** Optional fields that were dropped or changed, and why. */
      warnings: string[];
    }
  | { ok: false; line: number; ref?: string; error: string };

export interface FeedOptions {
  /** Force a format instead of detecting it. */
  format?: FeedFormat;
  /** File name or URL path, used as a hint when the content alone is ambiguous. */
  filename?: string;
  /** Currency for prices without a code. Required for Shopify, whose products.json has none (it is the shop's currency). */
  currency?: string;
  /** Shop origin, e.g. "https://shop.example.com": Shopify's products.json has handles, not URLs. */
  shopUrl?: string;
}

/** Options that make a whole feed unreadable (not a row problem), e.g. a Shopify feed without its shop URL. */
export class FeedOptionsError extends Error {
  override readonly name = 'FeedOptionsError';
}

/** The content matches no supported format. */
export class UnknownFeedFormatError extends Error {
  override readonly name = 'UnknownFeedFormatError';
}
