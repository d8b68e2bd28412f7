import { LIMITS } from '../limits';

/**
 * A JPEG marker walker for the segments that carry provenance: APP1 EXIF and
 * XMP (standard and extended), APP11 JUMBF (C2PA), APP13 Photoshop/IPTC.
 * It stops at the first scan (SOS): metadata lives before the image data.
 */
export interface JpegSegments {
  exif: Uint8Array | null;
  xmp: string[];
  hasC2pa: boolean;
  comments: string[];
  truncated: boolean;
}

const EXIF_HEADER = 'Exif\0\0';
const XMP_HEADER = 'http://ns.adobe.com/xap/1.0/\0';
const XMP_EXTENDED_HEADER = 'http://ns.adobe.com/xmp/extension/\0';
const utf8 = new TextDecoder('utf-8', { fatal: false });

const startsWith = (bytes: Uint8Array, text: string): boolean => {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
};

export const readJpegSegments = (bytes: Uint8Array): JpegSegments => {
  const result: JpegSegments = { exif: null, xmp: [], hasC2pa: false, comments: [], truncated: true };
  const extended: Uint8Array[] = [];
  let offset = 2; // after SOI
  for (let count = 0; count < LIMITS.maxContainerEntries && offset + 4 <= bytes.length; count++) {
    if (bytes[offset] !== 0xff) break; // lost sync: stop rather than guess
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset += 1;
      continue;
    } // fill byte
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      offset += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) {
      result.truncated = false;
      break;
    } // EOI or start of scan
    const length = ((bytes[offset + 2] ?? 0) << 8) | (bytes[offset + 3] ?? 0);
    if (length < 2 || offset + 2 + length > bytes.length) break;
    const data = bytes.subarray(offset + 4, offset + 2 + length);
    if (marker === 0xe1) {
      if (startsWith(data, EXIF_HEADER) && !result.exif) result.exif = data.subarray(EXIF_HEADER.length);
      else if (startsWith(data, XMP_HEADER) && result.xmp.length < LIMITS.maxXmpPackets)
        result.xmp.push(utf8.decode(data.subarray(XMP_HEADER.length)));
      else if (startsWith(data, XMP_EXTENDED_HEADER)) extended.push(data.subarray(XMP_EXTENDED_HEADER.length + 32 + 8)); // GUID + full length + offset
    } else if (marker === 0xeb) {
      // APP11 JPEG XT box ("JP" common identifier) carrying JUMBF: C2PA's home in JPEG. Any JUMBF
      // segment counts, labelled c2pa or not: the validator decides, a missed store would be worse.
      if (data[0] === 0x4a && data[1] === 0x50) result.hasC2pa = true;
    } else if (marker === 0xfe && result.comments.length < 8) {
      result.comments.push(utf8.decode(data.subarray(0, LIMITS.maxXmpChars)));
    }
    offset += 2 + length;
  }
  if (extended.length > 0 && result.xmp.length < LIMITS.maxXmpPackets) {
    const total = extended.reduce((sum, part) => sum + part.length, 0);
    if (total <= LIMITS.maxXmpChars) result.xmp.push(utf8.decode(Buffer.concat(extended)));
  }
  return result;
};
