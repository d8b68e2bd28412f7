import sharp from 'sharp';

import { type ImageRegion, pixelBox } from '../../../../utils/contract';
import { ImageRejectedError } from './errors';
import { DEFAULT_MAX_INPUT_PIXELS, rejectionFor } from './preprocess';

/** A region smaller than this on either side holds too little to recognise anything. */
export const MIN_REGION_PIXELS = 16;

/** Crops larger than this (longest side) are shrunk before they are handed on: the model sees 224 px anyway. */
const MAX_CROP_SIDE = 1024;

/**
 * The part of an image a region names, as a PNG (lossless, and it keeps transparency, which the
 * embedder flattens on white as it does for whole images). The region is in fractions of the image
 * as it is shown, so EXIF orientation is applied first. Throws ImageRejectedError (400/413) for an
 * undecodable or oversized image, or a region under MIN_REGION_PIXELS.
 */
export async function cropToRegion(
  bytes: Uint8Array,
  region: ImageRegion,
  maxInputPixels: number = DEFAULT_MAX_INPUT_PIXELS,
): Promise<Uint8Array> {
  const input = () => sharp(bytes, { limitInputPixels: maxInputPixels, autoOrient: true, animated: false });
  let size: { width: number; height: number };
  try {
    size = (await input().metadata()).autoOrient;
  } catch (cause) {
    throw rejectionFor(cause);
  }
  const box = pixelBox(region, size);
  if (box.width < MIN_REGION_PIXELS || box.height < MIN_REGION_PIXELS)
    throw new ImageRejectedError(
      'undecodable',
      `the region is ${box.width}×${box.height} pixels of a ${size.width}×${size.height} image; choose at least ${MIN_REGION_PIXELS}×${MIN_REGION_PIXELS}`,
    );
  try {
    const cropped = await input()
      .extract(box)
      .resize(MAX_CROP_SIDE, MAX_CROP_SIDE, { fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 1 })
      .toBuffer();
    return new Uint8Array(cropped.buffer, cropped.byteOffset, cropped.byteLength);
  } catch (cause) {
    throw rejectionFor(cause);
  }
}
