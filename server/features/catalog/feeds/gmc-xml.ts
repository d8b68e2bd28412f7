/**
 * Google Merchant Center XML feeds: RSS 2.0 (`<item>`) or Atom 1.0
 * (`<entry>`), product attributes in the `g:` namespace
 * (http://base.google.com/ns/1.0), plain `<title>`/`<link>`/`<description>` allowed.
 *
 * Streaming: fast-xml-parser parses whole documents, so we cut the stream
 * into one `<item>`/`<entry>` at a time ourselves (skipping comments and
 * CDATA, where "</item>" may appear as text) and parse each alone. Memory is
 * bounded by the largest item, each item gets its own line number, and a
 * malformed item is reported without losing the rest of the feed.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { normaliseProduct, type RawProduct } from './normalise';
import { decodeEntities, htmlToLine, htmlToText } from './text';
import type { FeedRow } from './types';

const GOOGLE_NS = 'http://base.google.com/ns/1.0';
/** A product element larger than this is reported and skipped instead of buffered. */
const MAX_ITEM_CHARS = 2 * 1024 * 1024;

type Chunk = { xml: string; line: number } | { error: string; line: number } | { googlePrefix: string };

/** Yields each `<item>`/`<entry>` element's source text with the line it starts on. */
export async function* xmlItems(chunks: AsyncIterable<string>, maxItemChars = MAX_ITEM_CHARS): AsyncGenerator<Chunk> {
  let buf = '';
  let bufLine = 1; // line number of buf[0]
  let pos = 0; // scan position in buf
  let item: { start: number; tag: string; depth: number } | undefined;
  let prefixFound = false;

  // Line numbers are counted incrementally (a cursor that only moves forward), so a feed passed as
  // one big string costs one pass, not one pass per item.
  let cursor = { index: 0, line: 1 };
  const lineAt = (index: number) => {
    if (index < cursor.index) cursor = { index: 0, line: bufLine };
    cursor = { index, line: cursor.line + countNewlines(buf, cursor.index, index) };
    return cursor.line;
  };
  const dropBefore = (index: number) => {
    const line = lineAt(index);
    buf = buf.slice(index);
    bufLine = line;
    cursor = { index: 0, line };
    pos -= index;
    if (item) item.start -= index;
  };

  const iterator = chunks[Symbol.asyncIterator]();
  let ended = false;
  while (!ended || pos < buf.length) {
    if (!ended) {
      const next = await iterator.next();
      if (next.done) ended = true;
      else buf += next.value;
    }
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        pos = buf.length;
        break;
      }
      // Constructs whose content is not markup. If the terminator has not arrived yet, wait for more text.
      const skip = skipNonMarkup(buf, lt);
      if (skip === 'incomplete') {
        if (ended) pos = buf.length;
        else pos = lt;
        break;
      }
      if (skip !== undefined) {
        pos = skip;
        continue;
      }
      const gt = buf.indexOf('>', lt);
      if (gt < 0) {
        if (ended) pos = buf.length;
        else pos = lt;
        break;
      }
      const tag = buf.slice(lt, gt + 1);
      pos = gt + 1;
      if (!prefixFound && !item) {
        const prefix = googlePrefixIn(tag);
        if (prefix) {
          prefixFound = true;
          yield { googlePrefix: prefix };
        }
      }
      const name = /^<\/?([A-Za-z_][\w.:-]*)/.exec(tag)?.[1];
      if (!name) continue;
      const closing = tag.startsWith('</');
      const selfClosing = tag.endsWith('/>');
      if (!item) {
        if (!closing && !selfClosing && (name === 'item' || name === 'entry'))
          item = { start: lt, tag: name, depth: 0 };
      } else if (name === item.tag) {
        if (!closing && !selfClosing) item.depth++;
        else if (closing && item.depth > 0) item.depth--;
        else if (closing) {
          yield { xml: buf.slice(item.start, pos), line: lineAt(item.start) };
          item = undefined;
        }
      }
    }
    if (item && pos - item.start > maxItemChars) {
      yield { error: `<${item.tag}> is larger than ${maxItemChars} characters; skipped`, line: lineAt(item.start) };
      item = undefined;
    }
    // Keep only what may still be needed: the open item, or the unfinished construct at pos.
    dropBefore(item ? item.start : Math.min(pos, buf.length));
    if (ended && pos >= buf.length) break;
  }
  if (item) yield { error: `<${item.tag}> is not closed before the end of the feed`, line: lineAt(item.start) };
}

/** End index of a comment, CDATA section, processing instruction or DOCTYPE at `lt`; 'incomplete' if its end is not buffered yet. */
function skipNonMarkup(buf: string, lt: number): number | 'incomplete' | undefined {
  for (const [open, close] of [
    ['<!--', '-->'],
    ['<![CDATA[', ']]>'],
    ['<?', '?>'],
  ] as const) {
    if (buf.startsWith(open, lt)) {
      const end = buf.indexOf(close, lt + open.length);
      return end < 0 ? 'incomplete' : end + close.length;
    }
    if (open.startsWith(buf.slice(lt, lt + open.length)) && buf.length - lt < open.length) return 'incomplete';
  }
  return undefined;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** The prefix a start tag binds to Google's namespace (`xmlns:g="http://base.google.com/ns/1.0"` → "g"). */
function googlePrefixIn(tag: string): string | undefined {
  const match = /xmlns:([\w.-]+)\s*=\s*["']http:\/\/base\.google\.com\/ns\/1\.0["']/.exec(tag);
  return match?.[1];
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded by us, once per layer, so HTML entities (&eacute;) work too.
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
  cdataPropName: '#cdata',
  isArray: (_name, _path, _leaf, isAttribute) => !isAttribute,
});

type XmlNode = string | { '#text'?: string; '#cdata'?: string[] | string; [key: string]: unknown };

/** Bare "&" (as in "Tom & Jerry") is the most common XML error in shop feeds; read it as text. */
function escapeBareAmpersands(xml: string): string {
  return xml.replace(/&(?!(?:[A-Za-z][A-Za-z0-9]*|#\d+|#[xX][0-9a-fA-F]+);)/g, '&amp;');
}

export interface MalformedItem {
  error: string;
  /** Lines after the item's first line where the problem is. */
  lineOffset: number;
}

/** Parses one item's XML into a RawProduct, or says why it is malformed. */
export function rawProductFromItemXml(xml: string, googlePrefix = 'g'): RawProduct | MalformedItem {
  const lenient = escapeBareAmpersands(xml);
  const valid = XMLValidator.validate(lenient);
  if (valid !== true) return { error: `malformed XML: ${valid.err.msg}`, lineOffset: valid.err.line - 1 };
  const doc = parser.parse(lenient) as Record<string, Record<string, XmlNode[]>[]>;
  const element = (doc.item ?? doc.entry)?.[0];
  if (!element) return { error: 'empty item', lineOffset: 0 };

  const nodes = (name: string): XmlNode[] => (element[`${googlePrefix}:${name}`] ?? element[name] ?? []) as XmlNode[];
  /** Text of a node with XML escaping undone; CDATA is taken as written. */
  const textOf = (node: XmlNode | undefined): string | undefined => {
    if (node === undefined) return undefined;
    if (typeof node === 'string') return decodeEntities(node);
    const cdata = node['#cdata'];
    const text = [
      node['#text'] ? decodeEntities(node['#text']) : '',
      ...(Array.isArray(cdata) ? cdata : cdata ? [cdata] : []),
    ].join('');
    return text === '' ? undefined : text;
  };
  const first = (name: string) => textOf(nodes(name)[0]);
  const line = (name: string) => mapDefined(first(name), htmlToLine);

  return {
    sourceId: first('id') ?? textOf((element.guid as XmlNode[] | undefined)?.[0]),
    title: line('title'),
    description: mapDefined(
      first('description') ?? textOf((element.summary as XmlNode[] | undefined)?.[0]),
      htmlToText,
    ),
    link: linkOf(nodes('link'), textOf),
    imageUrl: first('image_link'),
    additionalImageUrls: nodes('additional_image_link')
      .map(textOf)
      .filter((u): u is string => u !== undefined),
    price: first('price'),
    salePrice: first('sale_price'),
    availability: first('availability'),
    brand: line('brand'),
    gtin: first('gtin'),
    mpn: first('mpn'),
    sku: first('sku'),
    itemGroupId: first('item_group_id'),
    color: line('color'),
    size: line('size'),
    googleProductCategory: line('google_product_category'),
  };
}

/** RSS: `<link>url</link>`. Atom: `<link rel="alternate" href="url"/>` (rel defaults to alternate). */
function linkOf(nodes: XmlNode[], textOf: (node: XmlNode) => string | undefined): string | undefined {
  for (const node of nodes) {
    if (typeof node === 'object' && typeof node['@_href'] === 'string') {
      const rel = node['@_rel'];
      if (rel === undefined || rel === 'alternate') return decodeEntities(node['@_href']);
    }
  }
  const text = nodes.map(textOf).find((t) => t !== undefined);
  return text;
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

export async function* parseGmcXml(chunks: AsyncIterable<string>, defaultCurrency?: string): AsyncGenerator<FeedRow> {
  let googlePrefix = 'g';
  for await (const chunk of xmlItems(chunks)) {
    if ('googlePrefix' in chunk) {
      googlePrefix = chunk.googlePrefix;
      continue;
    }
    if ('error' in chunk) {
      yield { ok: false, line: chunk.line, error: chunk.error };
      continue;
    }
    const raw = rawProductFromItemXml(chunk.xml, googlePrefix);
    if ('lineOffset' in raw) {
      const where = raw.lineOffset > 0 ? ` (at line ${chunk.line + raw.lineOffset})` : '';
      yield { ok: false, line: chunk.line, error: `${raw.error}${where}` };
      continue;
    }
    const normalised = normaliseProduct(raw, defaultCurrency);
    yield normalised.ok
      ? { ok: true, line: chunk.line, product: normalised.product, warnings: normalised.warnings }
      : { ok: false, line: chunk.line, error: normalised.error };
  }
}

export { GOOGLE_NS };
