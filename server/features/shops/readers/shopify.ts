/**
 * Shopify's public storefront JSON: `/products.json?limit=250&page=N` until a
 * page comes back empty. Each page goes through the catalogue's Shopify feed
 * parser, so a followed Shopify shop and an imported Shopify feed give the same
 * products (one per variant, grouped by the Shopify product id: the group's
 * variants carry its price range and availability).
 */
import type { Product } from '../../../../utils/contract';
import { parseShopifyJson } from '../../catalog';
import { jsonOf, type ShopReadContext, type ShopReader, textOf, UnreadableShopError } from './types';

const PAGE_SIZE = 250;
/** A products.json page is a few MB at most; a bigger answer is not one. */
const MAX_PAGE_BYTES = 16 * 1024 * 1024;

export const shopifyPageUrl = (origin: string, page: number) =>
  `${origin}/products.json?limit=${PAGE_SIZE}&page=${page}`;

/** Whether the answer is a products.json page (of any length). */
export const isShopifyProductList = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Array.isArray((value as { products?: unknown }).products);

export const readShopify: ShopReader = async function* (context) {
  const currency = context.currency ?? (await shopCurrency(context));
  const seen = new Set<string>();
  // Pages past the cap (or a shop that ignores `page`) end the read; so does the first empty page.
  const lastPage = Math.ceil(context.maxProducts / PAGE_SIZE) + 1;
  for (let page = 1; page <= lastPage; page++) {
    const url = shopifyPageUrl(context.origin, page);
    const products = await context.pages.read(
      url,
      { accept: 'application/json', maxBytes: MAX_PAGE_BYTES },
      async (response) => {
        if (!isShopifyProductList(jsonOf(response.bytes)))
          throw new UnreadableShopError(`page ${page} of ${context.origin}/products.json is not a list of products`);
        return productsOfPage(textOf(response.bytes), context.origin, currency);
      },
    );
    if (!products || products.length === 0) return;
    let fresh = 0;
    for (const product of products) {
      if (seen.has(product.sourceId)) continue;
      seen.add(product.sourceId);
      fresh++;
      if (seen.size > context.maxProducts) return;
      yield product;
    }
    if (fresh === 0) return;
  }
};

async function productsOfPage(text: string, origin: string, currency: string): Promise<Product[]> {
  const products: Product[] = [];
  for await (const row of parseShopifyJson(
    (async function* () {
      yield text;
    })(),
    { shopUrl: origin, currency },
  ))
    if (row.ok) products.push(row.product);
  return products;
}

/** products.json carries no currency; the shop's public meta.json (or its cart) does. */
async function shopCurrency(context: ShopReadContext): Promise<string> {
  for (const path of ['/meta.json', '/cart.js']) {
    try {
      const response = await context.fetcher.fetch(`${context.origin}${path}`, { accept: 'application/json' });
      const currency = (jsonOf(response.bytes) as { currency?: unknown } | undefined)?.currency;
      if (typeof currency === 'string' && /^[A-Z]{3}$/.test(currency)) {
        context.onCurrency(currency);
        return currency;
      }
    } catch {
      // try the next place
    }
  }
  throw new UnreadableShopError(`${context.origin} does not say its currency (neither /meta.json nor /cart.js)`);
}
