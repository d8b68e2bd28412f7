/**
 * Google Merchant Center tab-separated feeds: a header row of attribute names
 * ("id", "title", "image_link", "price", ...), then one product per row.
 * Records come from tsv-records.ts (exact line numbers, optional quoting).
 */
import { normaliseProduct, type RawProduct } from './normalise';
import { htmlToLine, htmlToText } from './text';
import { tsvRecords } from './tsv-records';
import type { FeedRow } from './types';

/** Header name (lower-case, "g:" prefix and spaces removed) → the raw field it fills. */
const COLUMNS: Record<string, keyof RawProduct> = {
  id: 'sourceId',
  offer_id: 'sourceId',
  title: 'title',
  description: 'description',
  link: 'link',
  image_link: 'imageUrl',
  additional_image_link: 'additionalImageUrls',
  additional_image_links: 'additionalImageUrls',
  price: 'price',
  sale_price: 'salePrice',
  currency: 'currency',
  availability: 'availability',
  brand: 'brand',
  gtin: 'gtin',
  mpn: 'mpn',
  sku: 'sku',
  item_group_id: 'itemGroupId',
  color: 'color',
  colour: 'color',
  size: 'size',
  google_product_category: 'googleProductCategory',
};

const REQUIRED_COLUMNS = ['id', 'title', 'link', 'image_link', 'price'] as const;

export function normaliseHeader(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^g:/, '')
    .replace(/[\s-]+/g, '_');
}

export async function* parseGmcTsv(chunks: AsyncIterable<string>, defaultCurrency?: string): AsyncGenerator<FeedRow> {
  let header: (keyof RawProduct | undefined)[] | undefined;
  for await (const record of tsvRecords(chunks, () => header?.length)) {
    const { line } = record;
    if ('error' in record) {
      yield { ok: false, line, error: record.error };
      continue;
    }
    if (!header) {
      const names = record.fields.map(normaliseHeader);
      const missing = REQUIRED_COLUMNS.filter((column) => !names.includes(column));
      if (missing.length > 0) {
        // Without these columns no row can become a product; one clear error beats one per row.
        yield {
          ok: false,
          line,
          error: `header row lacks required column(s): ${missing.join(', ')} (found: ${names.join(', ')})`,
        };
        return;
      }
      header = names.map((name, i) => (names.indexOf(name) === i ? COLUMNS[name] : undefined));
      continue;
    }
    if (record.fields.length > header.length) {
      yield {
        ok: false,
        line,
        error: `row has ${record.fields.length} fields but the header has ${header.length} (a stray tab?)`,
      };
      continue;
    }
    const normalised = normaliseProduct(rawProductFromRow(header, record.fields), defaultCurrency);
    yield normalised.ok
      ? { ok: true, line, product: normalised.product, warnings: normalised.warnings }
      : { ok: false, line, error: normalised.error };
  }
}

function rawProductFromRow(header: readonly (keyof RawProduct | undefined)[], record: readonly string[]): RawProduct {
  const raw: Record<string, string> = {};
  header.forEach((field, i) => {
    const value = record[i]?.trim();
    if (field && value) raw[field] = value;
  });
  return {
    ...raw,
    title: raw.title === undefined ? undefined : htmlToLine(raw.title),
    description: raw.description === undefined ? undefined : htmlToText(raw.description),
    brand: raw.brand === undefined ? undefined : htmlToLine(raw.brand),
    color: raw.color === undefined ? undefined : htmlToLine(raw.color),
    size: raw.size === undefined ? undefined : htmlToLine(raw.size),
    googleProductCategory: raw.googleProductCategory === undefined ? undefined : htmlToLine(raw.googleProductCategory),
    // Google: several additional images in one TSV cell are separated by commas. URLs may contain commas too,
    // so split only where the next URL starts.
    additionalImageUrls: raw.additionalImageUrls?.split(/\s*,\s*(?=(?:https?:)?\/\/)/i),
  };
}
