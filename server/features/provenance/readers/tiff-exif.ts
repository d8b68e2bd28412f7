import { LIMITS } from '../limits';

/**
 * Reads the handful of EXIF/TIFF tags that say something about provenance
 * from a raw TIFF block (the payload of a JPEG APP1 "Exif", PNG eXIf or WebP
 * EXIF chunk). exifr misreads some real generator files (e.g. a UserComment in
 * a short APP1 from AUTOMATIC1111), and a tolerant reader that clamps every
 * offset to the buffer is small.
 */
export interface ExifFields {
  make?: string;
  model?: string;
  software?: string;
  imageDescription?: string;
  artist?: string;
  userComment?: string;
  xpComment?: string;
}

const TAG = {
  imageDescription: 0x010e,
  make: 0x010f,
  model: 0x0110,
  software: 0x0131,
  artist: 0x013b,
  exifIfd: 0x8769,
  xpComment: 0x9c9c,
  userComment: 0x9286,
} as const;

const TYPE_SIZES: Record<number, number> = {
  1: 1,
  2: 1,
  3: 2,
  4: 4,
  5: 8,
  6: 1,
  7: 1,
  8: 2,
  9: 4,
  10: 8,
  11: 4,
  12: 8,
};

interface RawEntry {
  type: number;
  bytes: Uint8Array;
  valueOffset: number;
}

const cleanAscii = (bytes: Uint8Array): string =>
  new TextDecoder('utf-8', { fatal: false }).decode(bytes).replace(/\0+$/g, '').replace(/\0/g, ' ').trim();

/** UCS-2 text whose byte order is not reliably the TIFF's: guess it from where the zero bytes sit. */
const decodeUtf16Guess = (bytes: Uint8Array, tiffLittleEndian: boolean): string => {
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < bytes.length && i < 512; i += 2) {
    if (bytes[i] === 0) zeroEven++;
    if (bytes[i + 1] === 0) zeroOdd++;
  }
  const littleEndian = zeroEven === zeroOdd ? tiffLittleEndian : zeroOdd > zeroEven;
  const even = bytes.subarray(0, bytes.length - (bytes.length % 2));
  return new TextDecoder(littleEndian ? 'utf-16le' : 'utf-16be', { fatal: false })
    .decode(even)
    .replace(/\0+$/g, '')
    .trim();
};

/** EXIF UserComment: an 8-byte character-code prefix, then the text. */
const decodeUserComment = (bytes: Uint8Array, littleEndian: boolean): string => {
  const prefix = new TextDecoder('latin1').decode(bytes.subarray(0, 8));
  const body = bytes.subarray(8);
  if (prefix.startsWith('UNICODE')) return decodeUtf16Guess(body, littleEndian);
  if (prefix.startsWith('ASCII') || prefix === '\0\0\0\0\0\0\0\0') return cleanAscii(body);
  return cleanAscii(bytes);
};

export const readTiffExif = (tiff: Uint8Array): ExifFields => {
  const fields: ExifFields = {};
  if (tiff.length < 8) return fields;
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const order = String.fromCharCode(tiff[0] ?? 0, tiff[1] ?? 0);
  if (order !== 'II' && order !== 'MM') return fields;
  const le = order === 'II';
  if (view.getUint16(2, le) !== 42) return fields;

  const readIfd = (ifdOffset: number): Map<number, RawEntry> => {
    const entries = new Map<number, RawEntry>();
    if (ifdOffset < 8 || ifdOffset + 2 > tiff.length) return entries;
    const count = Math.min(view.getUint16(ifdOffset, le), LIMITS.maxIfdEntries);
    for (let i = 0; i < count; i++) {
      const at = ifdOffset + 2 + i * 12;
      if (at + 12 > tiff.length) break;
      const tag = view.getUint16(at, le);
      const type = view.getUint16(at + 2, le);
      const n = view.getUint32(at + 4, le);
      const size = (TYPE_SIZES[type] ?? 1) * n;
      const start = size <= 4 ? at + 8 : view.getUint32(at + 8, le);
      if (start >= tiff.length) continue;
      const end = Math.min(tiff.length, start + Math.min(size, 1 << 20));
      entries.set(tag, { type, bytes: tiff.subarray(start, end), valueOffset: view.getUint32(at + 8, le) });
    }
    return entries;
  };

  const ifd0 = readIfd(view.getUint32(4, le));
  const text = (entries: Map<number, RawEntry>, tag: number) => {
    const entry = entries.get(tag);
    return entry ? cleanAscii(entry.bytes) || undefined : undefined;
  };
  fields.imageDescription = text(ifd0, TAG.imageDescription);
  fields.make = text(ifd0, TAG.make);
  fields.model = text(ifd0, TAG.model);
  fields.software = text(ifd0, TAG.software);
  fields.artist = text(ifd0, TAG.artist);
  const xp = ifd0.get(TAG.xpComment);
  if (xp)
    fields.xpComment =
      new TextDecoder('utf-16le', { fatal: false })
        .decode(xp.bytes.subarray(0, xp.bytes.length - (xp.bytes.length % 2)))
        .replace(/\0+$/g, '')
        .trim() || undefined;
  const exifPointer = ifd0.get(TAG.exifIfd);
  if (exifPointer) {
    const exif = readIfd(exifPointer.valueOffset);
    const comment = exif.get(TAG.userComment);
    if (comment) fields.userComment = decodeUserComment(comment.bytes, le) || undefined;
  }
  for (const key of Object.keys(fields) as (keyof ExifFields)[]) if (fields[key] === undefined) delete fields[key];
  return fields;
};
