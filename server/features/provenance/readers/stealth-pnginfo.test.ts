import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RawPixels } from './pixels';
import { readStealthPngInfo } from './stealth-pnginfo';

/** Hide `payload` in alpha (or RGB) LSBs, column by column, as the stealth-pnginfo extension does. */
const hide = (signature: string, payload: Buffer, mode: 'alpha' | 'rgb', width = 32, height = 32): RawPixels => {
  const bits: number[] = [];
  const pushByte = (byte: number) => {
    for (let b = 7; b >= 0; b--) bits.push((byte >> b) & 1);
  };
  for (const byte of Buffer.from(signature, 'latin1')) pushByte(byte);
  const lengthBits = payload.length * 8;
  for (let b = 31; b >= 0; b--) bits.push(Math.floor(lengthBits / 2 ** b) % 2);
  for (const byte of payload) pushByte(byte);
  const channels = mode === 'alpha' ? 4 : 3;
  const data = new Uint8Array(width * height * channels).fill(200);
  let bit = 0;
  for (let x = 0; x < width && bit < bits.length; x++) {
    for (let y = 0; y < height && bit < bits.length; y++) {
      const base = (y * width + x) * channels;
      const targets = mode === 'alpha' ? [3] : [0, 1, 2];
      for (const channel of targets) {
        if (bit >= bits.length) break;
        data[base + channel] = ((data[base + channel] ?? 0) & 0xfe) | (bits[bit++] ?? 0);
      }
    }
  }
  return { data, width, height, channels };
};

describe('readStealthPngInfo', () => {
  const text = 'a circle\nNegative prompt: a square\nSteps: 20, Sampler: Euler';
  it('reads plain and gzip payloads in alpha', () => {
    expect(readStealthPngInfo(hide('stealth_pnginfo', Buffer.from(text), 'alpha'))?.text).toBe(text);
    expect(readStealthPngInfo(hide('stealth_pngcomp', gzipSync(text), 'alpha'))?.text).toBe(text);
  });

  it('reads payloads in RGB', () => {
    expect(readStealthPngInfo(hide('stealth_rgbinfo', Buffer.from(text), 'rgb'))?.text).toBe(text);
  });

  it('ignores images without the signature and lengths beyond the image', () => {
    expect(
      readStealthPngInfo({ data: new Uint8Array(32 * 32 * 4).fill(255), width: 32, height: 32, channels: 4 }),
    ).toBeNull();
    const tooLong = hide('stealth_pnginfo', Buffer.alloc(10), 'alpha', 12, 12);
    expect(readStealthPngInfo(tooLong)).toBeNull();
  });
});
