/**
 * Shopify storefront `products.json` (`https://<shop>/products.json?limit=250&page=N`).
 *
 * One Product per *variant*, grouped by `itemGroupId` = Shopify product id:
 * - price, sale price, availability, SKU, barcode and colour/size differ per
 *   variant, and often the image does too (`featured_image`). Someone who
 *   photographed the red shoe should land on the red variant at its price,
 *   via the variant's own URL (`/products/<handle>?variant=<id>`).
 * - It is Google Merchant Center's model (item_group_id), so products from
 *   both sources look alike and search can collapse a group into one result.
 * Variants sharing an image share its embedding; the importer can embed each
 * distinct imageUrl once.
 *
 * The document is one JSON value, parsed whole: Shopify pages hold at most
 * 250 products (a few MB). Rows still carry the line where each variant
 * starts, found by a light scan of the text, so errors point into the file.
 */
import { normaliseProduct } from './normalise';
import { htmlToLine, htmlToText } from './text';
import { FeedOptionsError, type FeedRow } from './types';

/** Refuse documents larger than this rather than buffer them. */
const MAX_DOCUMENT_CHARS = 64 * 1024 * 1024;

const COLOR_OPTION = /^(colou?r|farbe|couleur|colore|kleur|color_name)$/i;
const SIZE_OPTION = /^(size|größe|grösse|groesse|taille|taglia|talla|maat)$/i;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (value: Json | undefined): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asArray = (value: Json | undefined): Json[] => (Array.isArray(value) ? value : []);
const asText = (value: Json | undefined): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;

export interface ShopifyOptions {
  shopUrl?: string | undefined;
  currency?: string | undefined;
}

export async function* parseShopifyJson(
  chunks: AsyncIterable<string>,
  options: ShopifyOptions,
): AsyncGenerator<FeedRow> {
  const shop = shopOrigin(options.shopUrl);
  if (!options.currency) {
    throw new FeedOptionsError(
      'a Shopify products.json has no currency: pass the shop currency (options.currency, e.g. "EUR")',
    );
  }

  let text = '';
  for await (const chunk of chunks) {
    text += chunk;
    if (text.length > MAX_DOCUMENT_CHARS) {
      yield {
        ok: false,
        line: 1,
        error: `products.json is larger than ${MAX_DOCUMENT_CHARS} characters; fetch smaller pages (?limit=250&page=N)`,
      };
      return;
    }
  }

  let doc: Json;
  try {
    doc = JSON.parse(text) as Json;
  } catch (error) {
    yield { ok: false, line: lineOfJsonError(text, error), error: `not valid JSON: ${(error as Error).message}` };
    return;
  }
  if (!isObject(doc) || !Array.isArray(doc.products)) {
    yield { ok: false, line: 1, error: 'expected {"products": [...]}' };
    return;
  }

  const lines = objectStartLines(text);
  for (const [p, product] of doc.products.entries()) {
    const productRef = `products[${p}]`;
    const productLine = lines.get(productRef) ?? 1;
    if (!isObject(product)) {
      yield { ok: false, line: productLine, ref: productRef, error: 'product is not an object' };
      continue;
    }
    const variants = asArray(product.variants);
    if (variants.length === 0) {
      yield { ok: false, line: productLine, ref: productRef, error: 'product has no variants (no price to show)' };
      continue;
    }
    for (const [v, variant] of variants.entries()) {
      const ref = `${productRef}.variants[${v}]`;
      const line = lines.get(ref) ?? productLine;
      if (!isObject(variant)) {
        yield { ok: false, line, ref, error: 'variant is not an object' };
        continue;
      }
      const normalised = normaliseProduct(rawVariant(product, variant, shop), options.currency);
      yield normalised.ok
        ? { ok: true, line, ref, product: normalised.product, warnings: normalised.warnings }
        : { ok: false, line, ref, error: normalised.error };
    }
  }
}

function shopOrigin(shopUrl: string | undefined): string {
  try {
    const url = new URL(shopUrl ?? '');
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.origin;
  } catch {
    // reported below
  }
  throw new FeedOptionsError(
    `a Shopify products.json lists handles, not URLs: pass the shop's address (options.shopUrl, e.g. "https://shop.example.com"), got ${JSON.stringify(shopUrl ?? null)}`,
  );
}

function rawVariant(product: JsonObject, variant: JsonObject, shop: string) {
  const variantId = asText(variant.id);
  const handle = asText(product.handle);
  const images = asArray(product.images)
    .filter(isObject)
    .sort((a, b) => (Number(a.position) || 0) - (Number(b.position) || 0));
  const featured = isObject(variant.featured_image) ? asText(variant.featured_image.src) : undefined;
  const ownImage = images.find((image) => asArray(image.variant_ids).some((id) => asText(id) === variantId));
  const imageUrl = featured ?? asText(ownImage?.src) ?? asText(images[0]?.src);

  // Shopify's `price` is what the customer pays now; `compare_at_price`, when higher, is the regular price.
  const current = asText(variant.price);
  const compareAt = asText(variant.compare_at_price);
  const onSale = current !== undefined && compareAt !== undefined && Number(compareAt) > Number(current);

  const optionValue = (pattern: RegExp) => {
    const option = asArray(product.options)
      .filter(isObject)
      .find((o) => pattern.test(asText(o.name)?.trim() ?? ''));
    const position = Number(option?.position);
    return position >= 1 && position <= 3 ? asText(variant[`option${position}`]) : undefined;
  };

  const productTitle = asText(product.title);
  const variantTitle = asText(variant.title);
  const title =
    productTitle && variantTitle && variantTitle !== 'Default Title'
      ? `${productTitle} - ${variantTitle}`
      : productTitle;

  return {
    sourceId: variantId,
    title: title === undefined ? undefined : htmlToLine(title),
    description: mapDefined(asText(product.body_html), htmlToText),
    brand: mapDefined(asText(product.vendor), htmlToLine),
    link:
      handle && variantId
        ? `${shop}/products/${encodeURIComponent(handle)}?variant=${encodeURIComponent(variantId)}`
        : undefined,
    imageUrl,
    additionalImageUrls: images.map((image) => asText(image.src)).filter((src): src is string => src !== undefined),
    price: onSale ? compareAt : current,
    salePrice: onSale ? current : undefined,
    availability:
      typeof variant.available === 'boolean' ? (variant.available ? 'in_stock' : 'out_of_stock') : undefined,
    gtin: asText(variant.barcode),
    sku: asText(variant.sku),
    itemGroupId: asText(product.id),
    color: mapDefined(optionValue(COLOR_OPTION), htmlToLine),
    size: mapDefined(optionValue(SIZE_OPTION), htmlToLine),
  };
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/**
 * Where JSON.parse gave up, as a line. Newer Node versions say "at position N"
 * or "line L column C"; Node 20 only says "Unexpected end of JSON input"
 * (the last line) or quotes the text, in which case we cannot tell (line 1).
 */
function lineOfJsonError(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : '';
  const line = /line (\d+)/.exec(message);
  if (line) return Number(line[1]);
  const position = /position (\d+)/.exec(message);
  if (position) return text.slice(0, Number(position[1])).split('\n').length;
  if (/end of JSON input/i.test(message)) return text.trimEnd().split('\n').length;
  return 1;
}

/**
 * Line where each `products[i]` and `products[i].variants[j]` object starts.
 * A single pass tracking strings, keys and nesting; no second parse.
 */
export function objectStartLines(text: string): Map<string, number> {
  const found = new Map<string, number>();
  type Frame = { kind: 'object'; key: string | undefined } | { kind: 'array'; index: number };
  const stack: Frame[] = [];
  const path: (string | number)[] = [];
  let line = 1;
  let lastString: string | undefined;

  const pathOfNewValue = (): (string | number)[] | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (top.kind === 'array') return [...path, top.index];
    return top.key === undefined ? undefined : [...path, top.key];
  };

  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    else if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      lastString = text.slice(i + 1, j);
      i = j;
    } else if (c === ':') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.key = lastString;
    } else if (c === ',') {
      const top = stack[stack.length - 1];
      if (top?.kind === 'array') top.index++;
      else if (top) top.key = undefined;
    } else if (c === '{' || c === '[') {
      const at = pathOfNewValue();
      if (c === '{' && at) {
        const ref = refOf(at);
        if (ref) found.set(ref, line);
      }
      if (stack.length > 0) path.push(...(at ? [at[at.length - 1]!] : ['?']));
      stack.push(c === '{' ? { kind: 'object', key: undefined } : { kind: 'array', index: 0 });
    } else if (c === '}' || c === ']') {
      stack.pop();
      path.pop();
    }
  }
  return found;
}

function refOf(path: readonly (string | number)[]): string | undefined {
  if (path.length === 2 && path[0] === 'products' && typeof path[1] === 'number') return `products[${path[1]}]`;
  if (
    path.length === 4 &&
    path[0] === 'products' &&
    path[2] === 'variants' &&
    typeof path[1] === 'number' &&
    typeof path[3] === 'number'
  ) {
    return `products[${path[1]}].variants[${path[3]}]`;
  }
  return undefined;
}
