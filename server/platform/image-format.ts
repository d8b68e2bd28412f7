/**
 * Image format sniffing from the first bytes. Headers and file names lie;
 * magic numbers are what decoders actually look at.
 */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'heic' | 'svg' | 'gif' | 'tiff';

export const FORMAT_MIME: Record<ImageFormat, string> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  heic: 'image/heic',
  svg: 'image/svg+xml',
  gif: 'image/gif',
  tiff: 'image/tiff',
};

const ascii = (bytes: Uint8Array, start: number, end: number): string => {
  let out = '';
  for (let i = start; i < end && i < bytes.length; i++) out += String.fromCharCode(bytes[i] ?? 0);
  return out;
};

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'mif2']);
const AVIF_BRANDS = new Set(['avif', 'avis']);

/** Which ISOBMFF image this is, from the major brand and then the compatible brands of `ftyp`. */
const sniffIsobmff = (bytes: Uint8Array): ImageFormat | null => {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const boxSize = Math.min(view.getUint32(0), bytes.length, 4096);
  const brands = [ascii(bytes, 8, 12)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(bytes, offset, offset + 4));
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIF_BRANDS.has(brand))) return 'heic';
  return null;
};

/** SVG is text: look for an `<svg` root near the start (after an optional XML prolog, comments, doctype). */
const looksLikeSvg = (bytes: Uint8Array): boolean => {
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 4096)).replace(/^\uFEFF/, '');
  if (!/^\s*</.test(head)) return false;
  return /<svg[\s>]/i.test(head);
};

export const sniffImageFormat = (bytes: Uint8Array): ImageFormat | null => {
  const b = (i: number) => bytes[i] ?? -1;
  if (b(0) === 0xff && b(1) === 0xd8 && b(2) === 0xff) return 'jpeg';
  if (b(0) === 0x89 && ascii(bytes, 1, 4) === 'PNG' && b(4) === 0x0d && b(5) === 0x0a) return 'png';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 4) === 'GIF8') return 'gif';
  if (
    (b(0) === 0x49 && b(1) === 0x49 && b(2) === 0x2a && b(3) === 0) ||
    (b(0) === 0x4d && b(1) === 0x4d && b(2) === 0 && b(3) === 0x2a)
  )
    return 'tiff';
  const isobmff = sniffIsobmff(bytes);
  if (isobmff) return isobmff;
  if (looksLikeSvg(bytes)) return 'svg';
  return null;
};
