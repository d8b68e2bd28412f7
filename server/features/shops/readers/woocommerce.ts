/**
 * WooCommerce's public Store API: `/wp-json/wc/store/v1/products?per_page=100&page=N`
 * until an empty page (or the last of `X-WP-TotalPages`). Prices come in minor
 * units with their currency; a variable product's price is its lowest.
 */
import type { Product } from '../../../../utils/contract';
import { htmlToLine, htmlToText, normaliseProduct } from '../../catalog';
import { jsonOf, type ShopReader, UnreadableShopError } from './types';

const PAGE_SIZE = 100;

export const wooPageUrl = (origin: string, page: number) =>
  `${origin}/wp-json/wc/store/v1/products?per_page=${PAGE_SIZE}&page=${page}`;

interface WooPage {
  products: Product[];
  total: number | null;
  totalPages: number | null;
}

export const readWooCommerce: ShopReader = async function* (context) {
  const seen = new Set<string>();
  const lastPage = Math.ceil(context.maxProducts / PAGE_SIZE) + 1;
  for (let page = 1; page <= lastPage; page++) {
    const result = await context.pages.read<WooPage>(
      wooPageUrl(context.origin, page),
      { accept: 'application/json' },
      (response) => {
        const items = jsonOf(response.bytes);
        if (!Array.isArray(items))
          throw new UnreadableShopError(`page ${page} of ${context.origin}'s Store API is not a list of products`);
        const count = (name: string) => {
          const value = Number(response.headers[name]);
          return Number.isInteger(value) && value >= 0 ? value : null;
        };
        return {
          products: items.flatMap((item) => productOf(item)),
          total: count('x-wp-total'),
          totalPages: count('x-wp-totalpages'),
        };
      },
    );
    if (!result || result.products.length === 0) return;
    if (page === 1 && result.total !== null) context.onTotal(Math.min(result.total, context.maxProducts));
    for (const product of result.products) {
      if (seen.has(product.sourceId)) continue;
      seen.add(product.sourceId);
      if (seen.size > context.maxProducts) return;
      yield product;
    }
    if (result.totalPages !== null && page >= result.totalPages) return;
  }
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

/** Minor units ("1999", 2) → "19.99". */
function money(minor: unknown, digits: number): string | undefined {
  const amount = text(minor);
  if (!amount || !/^\d+$/.test(amount)) return undefined;
  if (digits === 0) return amount;
  const padded = amount.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** One Store API product, or nothing when it lacks what Loupe needs (a name, a link, an image, a price). */
function productOf(item: unknown): Product[] {
  if (!isObject(item)) return [];
  const prices = isObject(item.prices) ? item.prices : {};
  const digits = Number(prices.currency_minor_unit ?? 2);
  const minor = Number.isInteger(digits) && digits >= 0 && digits <= 4 ? digits : 2;
  const range = isObject(prices.price_range) ? prices.price_range : undefined;
  const regular = money(range?.min_amount ?? prices.regular_price ?? prices.price, minor);
  const current = money(range?.min_amount ?? prices.price, minor);
  const onSale = regular !== undefined && current !== undefined && Number(current) < Number(regular);
  const images = (Array.isArray(item.images) ? item.images : [])
    .map((image) => (isObject(image) ? text(image.src) : undefined))
    .filter((src): src is string => src !== undefined);
  const description = text(item.short_description) || text(item.description);
  const normalised = normaliseProduct(
    {
      sourceId: text(item.id),
      title: mapText(text(item.name), htmlToLine),
      description: mapText(description, htmlToText),
      link: text(item.permalink),
      imageUrl: images[0],
      additionalImageUrls: images.slice(1),
      price: regular,
      salePrice: onSale ? current : undefined,
      currency: text(prices.currency_code),
      availability: item.is_in_stock === true ? 'in_stock' : item.is_in_stock === false ? 'out_of_stock' : undefined,
      sku: text(item.sku) || undefined,
    },
    undefined,
  );
  return normalised.ok ? [normalised.product] : [];
}

const mapText = (value: string | undefined, map: (value: string) => string) =>
  value === undefined || value === '' ? undefined : map(value);
