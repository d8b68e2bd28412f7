import type { RawPixels } from './pixels';

/**
 * Decoder for the `invisible-watermark` (imwatermark) "dwtDct" method, the
 * watermark the Stable Diffusion reference scripts embed: "StableDiffusionV1"
 * (136 bits, SD 1.x), "SDV2" (32 bits, SD 2.x) and the SDXL 48-bit message.
 *
 * Faithful to imwatermark's EmbedMaxDct.decode: BGR -> YUV with OpenCV's 8-bit
 * fixed-point conversion; only channel U is used (scales [0, 36, 36] with
 * `range(2)`); one level of Haar DWT on the image cropped to a multiple of 4;
 * the LL band is cut into 4x4 blocks in row-major order; in each block the
 * largest-magnitude coefficient other than [0][0] carries one bit:
 * (|v| mod 36) > 18. Block k votes for bit k mod length; a bit is 1 when the
 * mean vote * 255 > 127. (Despite the name, maxDct applies no DCT.)
 *
 * The mark does not survive lossy compression, so callers only run it on
 * lossless images.
 */
export interface WatermarkMatch {
  name: 'StableDiffusionV1' | 'SDV2' | 'SDXL';
  bits: number;
  bitErrors: number;
}

const SCALE = 36;
const BLOCK = 4;
/** imwatermark refuses images smaller than this. */
const MIN_PIXELS = 256 * 256;

const bytesToBits = (text: string): number[] =>
  [...Buffer.from(text, 'utf8')].flatMap((byte) => [7, 6, 5, 4, 3, 2, 1, 0].map((shift) => (byte >> shift) & 1));

/** Known messages and how many bit errors still count as a match (false-positive odds well under 1e-7). */
const KNOWN: { name: WatermarkMatch['name']; bits: number[]; maxErrors: number }[] = [
  { name: 'StableDiffusionV1', bits: bytesToBits('StableDiffusionV1'), maxErrors: 24 },
  { name: 'SDXL', bits: [...'101100111110110010010000011110111011000110011110'].map(Number), maxErrors: 4 },
  { name: 'SDV2', bits: bytesToBits('SDV2'), maxErrors: 1 },
];

/** OpenCV cvtColor(BGR2YUV) for 8-bit input, channel U only (fixed point, 14-bit shift), of the RGB pixel at `offset`. */
const uAt = (data: Uint8Array, offset: number): number => {
  const r = data[offset] ?? 0;
  const g = data[offset + 1] ?? 0;
  const b = data[offset + 2] ?? 0;
  const y = (r * 4899 + g * 9617 + b * 1868 + (1 << 13)) >> 14;
  const u = ((b - y) * 8061 + (128 << 14) + (1 << 13)) >> 14;
  return u < 0 ? 0 : u > 255 ? 255 : u;
};

/** Per-block votes (0/1) in imwatermark's block order. */
export const dwtDctBlockVotes = (pixels: RawPixels): Uint8Array | null => {
  const { width, height, channels, data } = pixels;
  if (width * height < MIN_PIXELS) return null;
  const rows = Math.floor(height / 4) * 4;
  const cols = Math.floor(width / 4) * 4;
  const llRows = rows / 2;
  const llCols = cols / 2;
  // Haar LL band of U: (a + b + c + d) / 2 for each 2x2 block, computed row pair by row pair
  // with the conversion inlined (this loop touches every pixel; it must stay cheap).
  const ll = new Float64Array(llRows * llCols);
  for (let y = 0; y < llRows; y++) {
    const top = 2 * y * width * channels;
    const bottom = top + width * channels;
    for (let x = 0; x < llCols; x++) {
      const left = 2 * x * channels;
      const right = left + channels;
      ll[y * llCols + x] =
        (uAt(data, top + left) + uAt(data, top + right) + uAt(data, bottom + left) + uAt(data, bottom + right)) / 2;
    }
  }
  const blockRows = Math.floor(llRows / BLOCK);
  const blockCols = Math.floor(llCols / BLOCK);
  const votes = new Uint8Array(blockRows * blockCols);
  let num = 0;
  for (let bi = 0; bi < blockRows; bi++) {
    for (let bj = 0; bj < blockCols; bj++) {
      let best = -1;
      for (let k = 1; k < BLOCK * BLOCK; k++) {
        const value = Math.abs(ll[(bi * BLOCK + (k >> 2)) * llCols + bj * BLOCK + (k & 3)] ?? 0);
        if (value > best) best = value; // strictly greater: the first maximum wins, as np.argmax
      }
      votes[num++] = best % SCALE > 0.5 * SCALE ? 1 : 0;
    }
  }
  return votes;
};

export const bitsFromVotes = (votes: Uint8Array, length: number): number[] => {
  const sums = new Array<number>(length).fill(0);
  const counts = new Array<number>(length).fill(0);
  for (let i = 0; i < votes.length; i++) {
    sums[i % length] = (sums[i % length] ?? 0) + (votes[i] ?? 0);
    counts[i % length] = (counts[i % length] ?? 0) + 1;
  }
  return sums.map((sum, i) => ((counts[i] ?? 0) > 0 && (sum / (counts[i] ?? 1)) * 255 > 127 ? 1 : 0));
};

export const detectSdWatermark = (pixels: RawPixels): WatermarkMatch | null => {
  const votes = dwtDctBlockVotes(pixels);
  if (!votes) return null;
  let best: WatermarkMatch | null = null;
  for (const known of KNOWN) {
    if (votes.length < known.bits.length) continue;
    const decoded = bitsFromVotes(votes, known.bits.length);
    const errors = decoded.reduce((sum, bit, i) => sum + (bit === known.bits[i] ? 0 : 1), 0);
    if (errors <= known.maxErrors && (!best || errors / known.bits.length < best.bitErrors / best.bits)) {
      best = { name: known.name, bits: known.bits.length, bitErrors: errors };
    }
  }
  return best;
};
