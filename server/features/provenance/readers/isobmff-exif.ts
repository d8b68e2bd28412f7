import exifr from 'exifr';
import type { ExifFields } from './tiff-exif';

/**
 * Whether the top-level boxes lead to a `meta` box, each box moving forward.
 * exifr walks this chain with `offset += length` until it meets `meta`, so a
 * box that says its length is 0 (or no `meta` at all within reach) would keep
 * it looping for ever on the server's thread: such files are not handed to it.
 */
export function metaBoxReachable(bytes: Uint8Array): boolean {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = bytes.byteLength >= 4 ? view.getUint32(0) : 0; // exifr starts after the ftyp box
  for (let boxes = 0; offset + 8 <= bytes.byteLength && boxes < 10_000; boxes++) {
    let length = view.getUint32(offset);
    if (length === 1) {
      if (offset + 16 > bytes.byteLength) return false;
      length = Number(view.getBigUint64(offset + 8));
    }
    if (String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)) === 'meta') return true;
    if (length < 8) return false; // 0 ("to the end of the file") or nonsense: exifr would not move on
    offset += length;
  }
  return false;
}

/**
 * EXIF in HEIC/AVIF sits in an item located through iinf/iloc boxes; exifr
 * reads that correctly, so Loupe uses it there (and only there: for JPEG,
 * PNG and WebP the TIFF block is extracted by Loupe's own walkers).
 */
export const readIsobmffExif = async (bytes: Uint8Array): Promise<ExifFields> => {
  if (!metaBoxReachable(bytes)) return {};
  try {
    const output = (await exifr.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      tiff: true,
      ifd0: { pick: ['Make', 'Model', 'Software', 'ImageDescription', 'Artist'] } as never,
      exif: { pick: ['UserComment'] } as never,
      gps: false,
      interop: false,
      ifd1: false,
      xmp: false,
      icc: false,
      iptc: false,
      jfif: false,
      ihdr: false,
      translateValues: false,
      reviveValues: false,
      sanitize: true,
      mergeOutput: true,
    })) as Record<string, unknown> | undefined;
    if (!output) return {};
    const text = (value: unknown): string | undefined => {
      if (typeof value === 'string') return value.replace(/\0+$/, '').trim() || undefined;
      if (value instanceof Uint8Array)
        return (
          new TextDecoder('utf-8', { fatal: false })
            .decode(value.subarray(value[0] === 0x41 || value[0] === 0x55 ? 8 : 0))
            .replace(/\0+$/, '')
            .trim() || undefined
        );
      return undefined;
    };
    const fields: ExifFields = {};
    const assign = (key: keyof ExifFields, value: unknown) => {
      const v = text(value);
      if (v) fields[key] = v;
    };
    assign('make', output.Make);
    assign('model', output.Model);
    assign('software', output.Software);
    assign('imageDescription', output.ImageDescription);
    assign('artist', output.Artist);
    assign('userComment', output.UserComment);
    return fields;
  } catch {
    return {};
  }
};
