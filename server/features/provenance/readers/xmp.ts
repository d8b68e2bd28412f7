import { LIMITS } from '../limits';

/**
 * XMP fields that matter for provenance, read with bounded regular
 * expressions rather than a full RDF parser: the fields are simple (a URI or a
 * short string), and XMP may be written as attributes or as elements with any
 * namespace prefix.
 */
export interface XmpFields {
  /** IPTC DigitalSourceType URI or code (Iptc4xmpExt:DigitalSourceType). */
  digitalSourceType?: string;
  creatorTool?: string;
  /** dcterms:provenance: C2PA points here at its manifest (self#jumbf=... or a remote URL). */
  provenance?: string;
  /** Free text fields some generators fill in (dc:description, photoshop:Credit ...). */
  description?: string;
}

const decodeEntities = (value: string): string =>
  value
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#x([0-9a-fA-F]+);/g, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Math.min(parseInt(dec, 10), 0x10ffff)))
    .replace(/&amp;/g, '&');

const NAME_CHAR = /[A-Za-z0-9_.:-]/;
/** Occurrences of a property name examined per packet: enough for real XMP, bounded for hostile XMP. */
const MAX_CANDIDATES = 32;
const MAX_VALUE_CHARS = 4096;
const MAX_ELEMENT_CHARS = 8192;

/**
 * First value of a property by local name, with any prefix:
 * `p:Name="v"`, `<p:Name>v</p:Name>`, `<p:Name rdf:resource="v"/>`, or the first
 * `<rdf:li>` of an rdf:Alt/Seq/Bag. Written with indexOf and bounded slices
 * rather than one big regular expression: a regex with backtracking over a
 * 2 MB hostile packet can take seconds.
 */
const readProperty = (xml: string, localName: string): string | undefined => {
  let from = 0;
  for (let candidate = 0; candidate < MAX_CANDIDATES; candidate++) {
    const at = xml.indexOf(localName, from);
    if (at < 0) return undefined;
    const end = at + localName.length;
    from = end;
    if (NAME_CHAR.test(xml[end] ?? ' ') && xml[end] !== ':') continue; // a longer name
    let start = at;
    while (start > 0 && at - start < 64 && NAME_CHAR.test(xml[start - 1] ?? '')) start--;
    const qualified = xml.slice(start, end);
    if (qualified !== localName && !qualified.endsWith(`:${localName}`)) continue;
    const before = xml[start - 1] ?? '';
    if (before === '<') {
      const tagEnd = xml.indexOf('>', end);
      if (tagEnd < 0 || tagEnd - end > 512) continue;
      const tag = xml.slice(end, tagEnd);
      const resource = /rdf:resource\s*=\s*"([^"]*)"/.exec(tag);
      if (resource?.[1]) return decodeEntities(resource[1].trim());
      if (tag.endsWith('/')) continue;
      const window = xml.slice(tagEnd + 1, tagEnd + 1 + MAX_ELEMENT_CHARS + qualified.length + 3);
      const close = window.indexOf(`</${qualified}>`);
      if (close < 0) continue;
      const inner = window.slice(0, close);
      const liStart = inner.indexOf('<rdf:li');
      let text = inner;
      if (liStart >= 0) {
        const open = inner.indexOf('>', liStart);
        const liEnd = inner.indexOf('</rdf:li>', open);
        text = open >= 0 && liEnd > open ? inner.slice(open + 1, liEnd) : '';
      }
      text = text.replace(/<[^>]*>/g, '').trim();
      if (text) return decodeEntities(text);
    } else if (/\s/.test(before)) {
      const assignment = /^\s*=\s*(["'])/.exec(xml.slice(end, end + 16));
      if (!assignment?.[1]) continue;
      const valueStart = end + assignment[0].length;
      const valueEnd = xml.slice(valueStart, valueStart + MAX_VALUE_CHARS + 1).indexOf(assignment[1]);
      if (valueEnd < 0) continue;
      return decodeEntities(xml.slice(valueStart, valueStart + valueEnd).trim());
    }
  }
  return undefined;
};

export const parseXmp = (xml: string): XmpFields => {
  const text = xml.length > LIMITS.maxXmpChars ? xml.slice(0, LIMITS.maxXmpChars) : xml;
  const fields: XmpFields = {};
  const dst = readProperty(text, 'DigitalSourceType');
  if (dst) fields.digitalSourceType = dst;
  const creatorTool = readProperty(text, 'CreatorTool');
  if (creatorTool) fields.creatorTool = creatorTool;
  const provenance = readProperty(text, 'provenance');
  if (provenance) fields.provenance = provenance;
  const description = readProperty(text, 'description');
  if (description) fields.description = description;
  return fields;
};

/**
 * Find XMP packets in raw bytes. The XMP specification (part 3) allows
 * "packet scanning" for formats whose metadata location Loupe does not parse
 * (AVIF/HEIF items, SVG): packets are plain text bracketed by x:xmpmeta.
 */
export const scanXmpPackets = (bytes: Uint8Array): string[] => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const packets: string[] = [];
  let from = 0;
  while (packets.length < LIMITS.maxXmpPackets) {
    const start = buffer.indexOf('<x:xmpmeta', from, 'latin1');
    if (start < 0) break;
    const end = buffer.indexOf('</x:xmpmeta>', start, 'latin1');
    if (end < 0 || end - start > LIMITS.maxXmpChars) break;
    packets.push(buffer.toString('utf8', start, end + '</x:xmpmeta>'.length));
    from = end;
  }
  if (packets.length === 0) {
    // XMP embedded without the x:xmpmeta wrapper (common in SVG <metadata>).
    const start = buffer.indexOf('<rdf:RDF', 0, 'latin1');
    const end = start >= 0 ? buffer.indexOf('</rdf:RDF>', start, 'latin1') : -1;
    if (start >= 0 && end > start && end - start <= LIMITS.maxXmpChars)
      packets.push(buffer.toString('utf8', start, end + '</rdf:RDF>'.length));
  }
  return packets;
};
