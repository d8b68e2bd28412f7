import { imageSize } from 'image-size';
import { type ImageRegion, pixelBox } from '@/utils/contract';
import { i18n } from '#i18n';

/**
 * The most pixels a part is cut from. Decoding takes 4 bytes a pixel, so this is about 400 MB at
 * most; a 12,000 × 8,000 photograph still fits. A small file can declare far more: a PNG of 50 kB
 * holds 16,000 × 16,000 one-bit pixels, which the browser decodes into 1 GB in most of a second.
 */
export const MAX_CUT_PIXELS = 100_000_000;

/** Types a canvas writes as they came; any other image (GIF, AVIF, BMP…) is cut into a PNG, which loses nothing. */
const KEEPS_ITS_TYPE = new Set(['image/jpeg', 'image/webp', 'image/png']);

/**
 * The part of an image a region names, as an image file of its own: what "Search the web" gives an
 * engine when the person marked a part. Decoded and cut in the background, with the browser's own
 * decoder (createImageBitmap, which applies EXIF orientation as the panel showed the picture) and an
 * OffscreenCanvas, the same pixel box the server cuts for a similar search (pixelBox). A browser
 * that writes no WebP answers with a PNG: the blob says what it is.
 */
export async function cutRegion(image: Blob, region: ImageRegion): Promise<Blob> {
  await refuseHugePicture(image);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(image);
  } catch {
    // An SVG has no pixels to decode outside a page, and a broken file none at all.
    throw new Error(i18n.t('errors.webSearch.cannotCut'));
  }
  try {
    const box = pixelBox(region, bitmap);
    const canvas = new OffscreenCanvas(box.width, box.height);
    const context = canvas.getContext('2d');
    if (!context) throw new Error(i18n.t('errors.webSearch.cannotCut'));
    context.drawImage(bitmap, box.left, box.top, box.width, box.height, 0, 0, box.width, box.height);
    const type = KEEPS_ITS_TYPE.has(image.type) ? image.type : 'image/png';
    return await canvas.convertToBlob(type === 'image/png' ? { type } : { type, quality: 0.92 });
  } finally {
    bitmap.close();
  }
}

/**
 * Refuses, with a readable error, a picture whose header declares more than {@link MAX_CUT_PIXELS}:
 * the size is read from the header (image-size knows PNG, JPEG, WebP, GIF, AVIF, HEIF and more),
 * before anything is decoded. A header it cannot read is the decoder's business (cutRegion's
 * own error).
 */
export async function refuseHugePicture(image: Blob): Promise<void> {
  let size: { width: number; height: number };
  try {
    size = imageSize(new Uint8Array(await image.arrayBuffer()));
  } catch {
    return;
  }
  if (size.width * size.height > MAX_CUT_PIXELS)
    throw new Error(
      i18n.t('errors.webSearch.tooLargeToCut', [
        size.width.toLocaleString('en'),
        size.height.toLocaleString('en'),
        String(MAX_CUT_PIXELS / 1_000_000),
      ]),
    );
}
