import { LIMITS } from '../limits';

/**
 * A RIFF/WebP chunk walker: exifr 7 does not read WebP at all. EXIF, XMP and
 * C2PA each have their own chunk.
 */
export interface WebpChunks {
  exif: Uint8Array | null;
  xmp: string | null;
  hasC2pa: boolean;
  /** VP8L (lossless) bitstream: a pixel watermark can survive in it. */
  lossless: boolean;
  truncated: boolean;
}

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

export const readWebpChunks = (bytes: Uint8Array): WebpChunks => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result: WebpChunks = { exif: null, xmp: null, hasC2pa: false, lossless: false, truncated: false };
  let offset = 12;
  for (let count = 0; count < LIMITS.maxContainerEntries && offset + 8 <= bytes.length; count++) {
    const fourcc = latin1.decode(bytes.subarray(offset, offset + 4));
    const size = view.getUint32(offset + 4, true);
    const dataStart = offset + 8;
    if (dataStart + size > bytes.length) {
      result.truncated = true;
      break;
    }
    const data = bytes.subarray(dataStart, dataStart + size);
    if (fourcc === 'EXIF') {
      // Some writers keep the JPEG "Exif\0\0" prefix.
      result.exif = latin1.decode(data.subarray(0, 6)) === 'Exif\0\0' ? data.subarray(6) : data;
    } else if (fourcc === 'XMP ') {
      if (size <= LIMITS.maxXmpChars) result.xmp = utf8.decode(data);
    } else if (fourcc === 'C2PA') {
      result.hasC2pa = true;
    } else if (fourcc === 'VP8L') {
      result.lossless = true;
    }
    offset = dataStart + size + (size & 1); // chunks are padded to even sizes
  }
  return result;
};
