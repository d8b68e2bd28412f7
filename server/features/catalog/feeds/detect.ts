import type { FeedFormat } from '../../../../utils/contract/products';

/**
 * Guesses a feed's format from its first few kilobytes. The content decides;
 * the file name only settles what content cannot (an empty file, a lone JSON
 * object). Returns undefined when neither helps.
 */
export function detectFeedFormat(head: string, filename?: string): FeedFormat | undefined {
  const text = head.replace(/^\ufeff/, '').trimStart();
  const hint = formatFromFilename(filename);

  if (text.startsWith('<')) {
    return /<(rss|feed|channel|item|entry)\b/i.test(text) || hint === 'gmc-xml' || /<\?xml/.test(text)
      ? 'gmc-xml'
      : undefined;
  }
  if (text.startsWith('{') || text.startsWith('[')) {
    // Shopify's products.json is one object whose first key is "products".
    if (/^\{\s*"products"\s*:/.test(text)) return 'shopify-json';
    if (hint === 'shopify-json' && !/\}\s*\r?\n\s*\{/.test(text)) return 'shopify-json';
    return 'jsonl';
  }
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.includes('\t')) return 'gmc-tsv';
  return hint;
}

function formatFromFilename(filename: string | undefined): FeedFormat | undefined {
  const name = filename?.toLowerCase().replace(/[?#].*$/, '') ?? '';
  if (/\.(tsv|tab|txt)$/.test(name)) return 'gmc-tsv';
  if (/\.(xml|rss|atom)$/.test(name)) return 'gmc-xml';
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/products\.json$/.test(name) || /\.json$/.test(name)) return 'shopify-json';
  return undefined;
}
