/**
 * Product feed parsers: Google Merchant Center TSV and XML (RSS 2.0 / Atom),
 * Shopify products.json, and JSON Lines of Loupe's product shape, all
 * streamed into one normalised Product (utils/contract/products.ts).
 *
 *   for await (const row of parseFeed(fs.createReadStream(file), { filename: file })) {
 *     if (row.ok) await save(row.product); else report(row.line, row.error);
 *   }
 */
import type { FeedFormat } from '../../../../utils/contract/products';
import { detectFeedFormat } from './detect';
import { parseGmcTsv } from './gmc-tsv';
import { parseGmcXml } from './gmc-xml';
import { peek, textChunks, type FeedInput } from './input';
import { parseJsonLines } from './jsonl';
import { parseShopifyJson } from './shopify-json';
import { UnknownFeedFormatError, type FeedOptions, type FeedRow } from './types';

export type { FeedInput } from './input';
export type { FeedOptions, FeedRow } from './types';
export { FeedOptionsError, UnknownFeedFormatError } from './types';
export { detectFeedFormat } from './detect';
export { parseMoney } from './normalise';
export { htmlToText, decodeEntities } from './text';

/**
 * Parses a feed of any supported format, detected from its content (or
 * `options.format`). Yields one row per product; bad rows are `{ ok: false }`
 * with their line number and never stop the feed. Throws only for problems
 * with the whole feed: UnknownFeedFormatError, FeedOptionsError.
 */
export async function* parseFeed(input: FeedInput, options: FeedOptions = {}): AsyncGenerator<FeedRow, FeedFormat> {
  const { head, all } = await peek(textChunks(input));
  const format = options.format ?? detectFeedFormat(head, options.filename);
  if (!format) {
    throw new UnknownFeedFormatError(
      'cannot tell the feed format: expected Google Merchant Center TSV or XML, Shopify products.json, or JSON Lines',
    );
  }
  switch (format) {
    case 'gmc-tsv':
      yield* parseGmcTsv(all, options.currency);
      break;
    case 'gmc-xml':
      yield* parseGmcXml(all, options.currency);
      break;
    case 'shopify-json':
      yield* parseShopifyJson(all, options);
      break;
    case 'jsonl':
      yield* parseJsonLines(all);
      break;
  }
  return format;
}
