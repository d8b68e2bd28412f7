/** Which way a shop is read: Shopify's products.json, else WooCommerce's Store API, else its sitemaps. */
import type { ShopPlatform } from '../../../../utils/contract';
import type { PoliteFetcher } from '../fetching/polite-fetcher';
import { readShopify, isShopifyProductList } from './shopify';
import { readSitemap } from './sitemap';
import type { ShopReader } from './types';
import { jsonOf } from './types';
import { readWooCommerce } from './woocommerce';

export const READERS: Record<ShopPlatform, ShopReader> = {
  shopify: readShopify,
  woocommerce: readWooCommerce,
  sitemap: readSitemap,
};

/** Asks for one product the Shopify way, then the WooCommerce way; a shop that answers neither is read from its sitemaps. */
export async function detectPlatform(origin: string, fetcher: PoliteFetcher): Promise<ShopPlatform> {
  const answers = async (url: string, fits: (value: unknown) => boolean) => {
    try {
      const response = await fetcher.fetch(url, { accept: 'application/json', maxBytes: 4 * 1024 * 1024 });
      return fits(jsonOf(response.bytes));
    } catch {
      return false;
    }
  };
  if (await answers(`${origin}/products.json?limit=1`, isShopifyProductList)) return 'shopify';
  if (await answers(`${origin}/wp-json/wc/store/v1/products?per_page=1`, Array.isArray)) return 'woocommerce';
  return 'sitemap';
}
