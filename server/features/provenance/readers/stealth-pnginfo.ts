import { LIMITS } from '../limits';
import { boundedInflate } from './bounded-inflate';
import type { RawPixels } from './pixels';

/**
 * AUTOMATIC1111 "stealth pnginfo" (the stealth-pnginfo extension, also read by
 * Forge and NovelAI tooling): generation parameters hidden in the least
 * significant bits of the alpha channel (or of R, G, B), read column by column.
 * Layout: a 15-byte signature, a 32-bit big-endian payload length in bits, the
 * payload (UTF-8 text, gzip-compressed for the *comp signatures).
 */
export interface StealthPngInfo {
  signature: string;
  text: string;
}

const SIGNATURE_BITS = 'stealth_pnginfo'.length * 8;
const MAX_PAYLOAD_BITS = 8 * 1024 * 1024 * 8;

/** Lazily yields LSBs in the extension's order: x outer, y inner; per pixel R,G,B (rgb mode) or A (alpha mode). */
class BitReader {
  private index = 0;
  constructor(
    private readonly pixels: RawPixels,
    private readonly mode: 'alpha' | 'rgb',
  ) {}
  get available(): number {
    const count = this.pixels.width * this.pixels.height;
    return (this.mode === 'alpha' ? count : count * 3) - this.index;
  }
  next(): number {
    const { width, height, channels, data } = this.pixels;
    const perPixel = this.mode === 'alpha' ? 1 : 3;
    const pixel = Math.floor(this.index / perPixel);
    const channel = this.mode === 'alpha' ? 3 : this.index % 3;
    const x = Math.floor(pixel / height);
    const y = pixel % height;
    this.index++;
    return (data[(y * width + x) * channels + channel] ?? 0) & 1;
  }
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      let byte = 0;
      for (let b = 0; b < 8; b++) byte = (byte << 1) | this.next();
      out[i] = byte;
    }
    return out;
  }
}

const tryMode = (pixels: RawPixels, mode: 'alpha' | 'rgb'): StealthPngInfo | null => {
  const reader = new BitReader(pixels, mode);
  if (reader.available < SIGNATURE_BITS + 32) return null;
  const signature = new TextDecoder('latin1').decode(reader.bytes(SIGNATURE_BITS / 8));
  const expected = mode === 'alpha' ? ['stealth_pnginfo', 'stealth_pngcomp'] : ['stealth_rgbinfo', 'stealth_rgbcomp'];
  if (!expected.includes(signature)) return null;
  let lengthBits = 0;
  for (let i = 0; i < 32; i++) lengthBits = lengthBits * 2 + reader.next();
  if (lengthBits <= 0 || lengthBits > MAX_PAYLOAD_BITS || lengthBits > reader.available) return null;
  const payload = reader.bytes(Math.floor(lengthBits / 8));
  const compressed = signature.endsWith('comp');
  const decoded = compressed ? boundedInflate(payload, LIMITS.maxInflatedTextBytes, 'gzip') : payload;
  if (!decoded) return null;
  return { signature, text: new TextDecoder('utf-8', { fatal: false }).decode(decoded) };
};

export const readStealthPngInfo = (pixels: RawPixels): StealthPngInfo | null =>
  (pixels.channels === 4 ? tryMode(pixels, 'alpha') : null) ?? tryMode(pixels, 'rgb');
