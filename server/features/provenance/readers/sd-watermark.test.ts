import { describe, expect, it } from 'vitest';
import type { RawPixels } from './pixels';
import { bitsFromVotes, detectSdWatermark, dwtDctBlockVotes } from './sd-watermark';

const image = (width: number, height: number, fill: (i: number) => number): RawPixels => {
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = fill(i);
  return { data, width, height, channels: 3 };
};

/** Deterministic pseudo-random bytes (xorshift), so the test never flakes. */
const noise = (seed: number) => {
  let state = seed;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) & 0xff;
  };
};

describe('invisible-watermark dwtDct decoder', () => {
  it('refuses images under 256x256, like imwatermark', () => {
    expect(dwtDctBlockVotes(image(255, 255, () => 0))).toBeNull();
  });

  it('averages block votes per bit, as imwatermark does (a tie is 1: 0.5 * 255 > 127)', () => {
    expect(bitsFromVotes(Uint8Array.from([1, 0, 1, 1, 0, 0]), 3)).toEqual([1, 0, 1]);
    expect(bitsFromVotes(Uint8Array.from([1, 0, 0, 1, 0, 0, 1, 1, 0]), 3)).toEqual([1, 0, 0]);
  });

  it('decodes marks written in imwatermark block order (SDXL 48-bit and StableDiffusionV1 136-bit)', () => {
    // A grey image has every LL coefficient of U at 256 (256 mod 36 = 4: bit 0). To write a 1, raise
    // the first AC coefficient of a 4x4 LL block (its 2x2 pixels) to a value whose remainder mod 36 is over 18.
    const uOf = (b: number) => {
      const y = (128 * 4899 + 128 * 9617 + b * 1868 + (1 << 13)) >> 14;
      return ((b - y) * 8061 + (128 << 14) + (1 << 13)) >> 14;
    };
    let blue = 129;
    while ((2 * uOf(blue)) % 36 <= 18) blue++;
    const embed = (bits: number[], width: number, height: number): RawPixels => {
      const pixels = image(width, height, () => 128);
      const blockCols = Math.floor(width / 2 / 4);
      const blockRows = Math.floor(height / 2 / 4);
      for (let num = 0; num < blockRows * blockCols; num++) {
        if (bits[num % bits.length] !== 1) continue;
        const llRow = Math.floor(num / blockCols) * 4;
        const llCol = (num % blockCols) * 4 + 1;
        for (const [dy, dx] of [
          [0, 0],
          [0, 1],
          [1, 0],
          [1, 1],
        ] as const)
          pixels.data[((2 * llRow + dy) * width + 2 * llCol + dx) * 3 + 2] = blue;
      }
      return pixels;
    };
    const sdxl = [...'101100111110110010010000011110111011000110011110'].map(Number);
    expect(detectSdWatermark(embed(sdxl, 512, 512))).toEqual({ name: 'SDXL', bits: 48, bitErrors: 0 });
    const v1 = [...Buffer.from('StableDiffusionV1')].flatMap((byte) =>
      [7, 6, 5, 4, 3, 2, 1, 0].map((shift) => (byte >> shift) & 1),
    );
    expect(detectSdWatermark(embed(v1, 512, 384))).toMatchObject({ name: 'StableDiffusionV1', bitErrors: 0 });
  });

  it('finds no watermark in flat or noisy images', () => {
    expect(detectSdWatermark(image(256, 256, () => 128))).toBeNull();
    for (const seed of [1, 2, 3]) {
      const next = noise(seed * 7919);
      expect(detectSdWatermark(image(320, 256, () => next()))).toBeNull();
    }
  });
});
