/**
 * Builders for small synthetic files used by the unit tests (never shipped
 * fixtures): PNG chunks, JPEG segments, WebP chunks and TIFF blocks.
 */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

const crc32 = (bytes: Uint8Array): number => {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

export const pngChunk = (type: string, data: Uint8Array | string): Buffer => {
  const body = typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
};

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A valid 1x1 RGB PNG with extra chunks between IHDR and IDAT. */
export const pngWith = (extra: Buffer[], size = { width: 1, height: 1 }): Buffer => {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size.width, 0);
  ihdr.writeUInt32BE(size.height, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const raw = Buffer.alloc((size.width * 3 + 1) * Math.min(size.height, 1));
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    ...extra,
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
};

export const tEXt = (keyword: string, text: string) =>
  pngChunk('tEXt', Buffer.concat([Buffer.from(`${keyword}\0`, 'latin1'), Buffer.from(text, 'latin1')]));
export const zTXt = (keyword: string, text: string) =>
  pngChunk('zTXt', Buffer.concat([Buffer.from(`${keyword}\0\0`, 'latin1'), deflateSync(Buffer.from(text, 'latin1'))]));
export const iTXt = (keyword: string, text: string, compressed: boolean) =>
  pngChunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(`${keyword}\0`, 'latin1'),
      Buffer.from([compressed ? 1 : 0, 0]),
      Buffer.from('\0\0'),
      compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8'),
    ]),
  );

/** A big-endian TIFF block with IFD0 ASCII tags and an optional Exif IFD UserComment. */
export const tiffBlock = (tags: Record<number, string>, userComment?: Buffer): Buffer => {
  const entries = Object.entries(tags).map(([tag, value]) => ({
    tag: Number(tag),
    type: 2,
    data: Buffer.from(`${value}\0`, 'latin1'),
  }));
  const ifd0Count = entries.length + (userComment ? 1 : 0);
  const ifd0Size = 2 + ifd0Count * 12 + 4;
  const exifIfdSize = userComment ? 2 + 12 + 4 : 0;
  let dataOffset = 8 + ifd0Size + exifIfdSize;
  const header = Buffer.from([0x4d, 0x4d, 0, 42, 0, 0, 0, 8]);
  const ifd = Buffer.alloc(ifd0Size);
  ifd.writeUInt16BE(ifd0Count, 0);
  const data: Buffer[] = [];
  let at = 2;
  for (const entry of entries.sort((a, b) => a.tag - b.tag)) {
    ifd.writeUInt16BE(entry.tag, at);
    ifd.writeUInt16BE(entry.type, at + 2);
    ifd.writeUInt32BE(entry.data.length, at + 4);
    if (entry.data.length <= 4) entry.data.copy(ifd, at + 8);
    else {
      ifd.writeUInt32BE(dataOffset, at + 8);
      data.push(entry.data);
      dataOffset += entry.data.length;
    }
    at += 12;
  }
  let exifIfd = Buffer.alloc(0);
  if (userComment) {
    ifd.writeUInt16BE(0x8769, at);
    ifd.writeUInt16BE(4, at + 2);
    ifd.writeUInt32BE(1, at + 4);
    ifd.writeUInt32BE(8 + ifd0Size, at + 8);
    exifIfd = Buffer.alloc(exifIfdSize);
    exifIfd.writeUInt16BE(1, 0);
    exifIfd.writeUInt16BE(0x9286, 2);
    exifIfd.writeUInt16BE(7, 4);
    exifIfd.writeUInt32BE(userComment.length, 6);
    exifIfd.writeUInt32BE(dataOffset, 10);
    data.push(userComment);
  }
  return Buffer.concat([header, ifd, exifIfd, ...data]);
};

/** A JPEG: SOI, the given APPn segments, then a minimal (not decodable) tail. */
export const jpegWith = (segments: { marker: number; data: Buffer }[]): Buffer => {
  const parts: Buffer[] = [Buffer.from([0xff, 0xd8])];
  for (const segment of segments) {
    const head = Buffer.from([0xff, segment.marker, 0, 0]);
    head.writeUInt16BE(segment.data.length + 2, 2);
    parts.push(head, segment.data);
  }
  parts.push(Buffer.from([0xff, 0xda, 0, 2, 0xff, 0xd9]));
  return Buffer.concat(parts);
};

export const webpWith = (chunks: { fourcc: string; data: Buffer }[]): Buffer => {
  const body = Buffer.concat(
    chunks.map(({ fourcc, data }) => {
      const head = Buffer.alloc(8);
      head.write(fourcc, 0, 'latin1');
      head.writeUInt32LE(data.length, 4);
      return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
    }),
  );
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(body.length + 4, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
};

export const xmpPacket = (inner: string): string =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">${inner}</rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
