import { LIMITS } from '../limits';
import { boundedInflate } from './bounded-inflate';

/**
 * A small PNG chunk walker. exifr only reads uncompressed iTXt XMP; generator
 * metadata also lives in tEXt, zTXt and compressed iTXt, and sharp/libvips
 * writes XMP into zTXt, so Loupe reads the chunks itself.
 */
export interface PngTextChunk {
  chunk: 'tEXt' | 'zTXt' | 'iTXt';
  keyword: string;
  text: string;
}

export interface PngChunks {
  width: number;
  height: number;
  /** Colour type from IHDR (6 = RGBA, 2 = RGB, 4 = grey + alpha, ...). */
  colorType: number;
  texts: PngTextChunk[];
  /** Raw TIFF bytes from an `eXIf` chunk (or a legacy `zTXt Raw profile type exif`). */
  exif: Uint8Array | null;
  /** A `caBX` chunk holds an embedded C2PA manifest store. */
  hasC2pa: boolean;
  /** The file ended before IEND or a chunk was malformed. */
  truncated: boolean;
}

const PNG_SIGNATURE_LENGTH = 8;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8', { fatal: false });

const indexOfZero = (bytes: Uint8Array, from: number, to: number): number => {
  for (let i = from; i < to; i++) if (bytes[i] === 0) return i;
  return -1;
};

export const readPngChunks = (bytes: Uint8Array): PngChunks => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const result: PngChunks = {
    width: 0,
    height: 0,
    colorType: -1,
    texts: [],
    exif: null,
    hasC2pa: false,
    truncated: true,
  };
  let inflatedTotal = 0;
  const inflateText = (data: Uint8Array): string | null => {
    const budget = Math.min(LIMITS.maxInflatedTextBytes, LIMITS.maxTotalInflatedBytes - inflatedTotal);
    if (budget <= 0) return null;
    const out = boundedInflate(data, budget);
    if (!out) return null;
    inflatedTotal += out.length;
    return utf8.decode(out);
  };

  let offset = PNG_SIGNATURE_LENGTH;
  for (let count = 0; count < LIMITS.maxContainerEntries && offset + 8 <= bytes.length; count++) {
    const length = view.getUint32(offset);
    const type = latin1.decode(bytes.subarray(offset + 4, offset + 8));
    const dataStart = offset + 8;
    const dataEnd = dataStart + length;
    if (length > 0x7fffffff || dataEnd + 4 > bytes.length) break; // truncated or lying length
    const data = bytes.subarray(dataStart, dataEnd);
    switch (type) {
      case 'IHDR':
        if (length >= 13) {
          result.width = view.getUint32(dataStart);
          result.height = view.getUint32(dataStart + 4);
          result.colorType = data[9] ?? -1;
        }
        break;
      case 'tEXt': {
        const nul = indexOfZero(data, 0, Math.min(data.length, 80));
        if (nul > 0)
          result.texts.push({
            chunk: 'tEXt',
            keyword: latin1.decode(data.subarray(0, nul)),
            text: latin1.decode(data.subarray(nul + 1)),
          });
        break;
      }
      case 'zTXt': {
        const nul = indexOfZero(data, 0, Math.min(data.length, 80));
        if (nul > 0 && data[nul + 1] === 0) {
          const text = inflateText(data.subarray(nul + 2));
          if (text !== null) result.texts.push({ chunk: 'zTXt', keyword: latin1.decode(data.subarray(0, nul)), text });
        }
        break;
      }
      case 'iTXt': {
        // keyword \0 compressionFlag compressionMethod languageTag \0 translatedKeyword \0 text
        const nul = indexOfZero(data, 0, Math.min(data.length, 80));
        if (nul <= 0) break;
        const compressed = data[nul + 1] === 1;
        const langEnd = indexOfZero(data, nul + 3, data.length);
        if (langEnd < 0) break;
        const translatedEnd = indexOfZero(data, langEnd + 1, data.length);
        if (translatedEnd < 0) break;
        const body = data.subarray(translatedEnd + 1);
        const text = compressed ? inflateText(body) : utf8.decode(body);
        if (text !== null) result.texts.push({ chunk: 'iTXt', keyword: latin1.decode(data.subarray(0, nul)), text });
        break;
      }
      case 'eXIf':
        result.exif = data;
        break;
      case 'caBX':
        result.hasC2pa = true;
        break;
      case 'IEND':
        result.truncated = false;
        return result;
      default:
        break;
    }
    offset = dataEnd + 4; // skip CRC: a wrong CRC does not change what the metadata says
  }
  return result;
};

/**
 * ImageMagick and exiftool store EXIF as hex text in `Raw profile type exif`
 * (a zTXt/tEXt/iTXt chunk). Returns the TIFF bytes when present.
 */
export const exifFromRawProfile = (text: string): Uint8Array | null => {
  // Format: "\nexif\n   <length>\n<hex lines>"
  const match = /^\s*exif\s+(\d+)\s+([0-9a-fA-F\s]+)$/.exec(text);
  if (!match?.[2]) return null;
  const hex = match[2].replace(/\s+/g, '');
  const bytes = Buffer.from(hex.slice(0, hex.length - (hex.length % 2)), 'hex');
  // Usually prefixed with "Exif\0\0".
  const start = bytes.subarray(0, 6).toString('latin1') === 'Exif\0\0' ? 6 : 0;
  return new Uint8Array(bytes.subarray(start));
};
