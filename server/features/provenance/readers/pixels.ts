import sharp from 'sharp';
import { LIMITS } from '../limits';

/** Decoded 8-bit pixels, interleaved, row-major. */
export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). */
  channels: 3 | 4;
}

/**
 * Decode an image to 8-bit sRGB(A) pixels for the pixel-level readers.
 * Refuses (returns null) anything over the pixel budget instead of decoding
 * it: a 100k x 100k PNG is a few kilobytes of bytes and gigabytes of pixels.
 */
export const decodePixels = async (bytes: Uint8Array, width?: number, height?: number): Promise<RawPixels | null> => {
  // Known dimensions are checked before decoding; otherwise sharp's own pixel limit applies.
  if (
    width !== undefined &&
    height !== undefined &&
    (width <= 0 || height <= 0 || width * height > LIMITS.maxDecodePixels)
  )
    return null;
  try {
    const { data, info } = await sharp(bytes, {
      limitInputPixels: LIMITS.maxDecodePixels,
      failOn: 'error',
      sequentialRead: true,
    })
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 && info.channels !== 4) return null;
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch {
    return null;
  }
};
