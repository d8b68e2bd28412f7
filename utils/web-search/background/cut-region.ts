import { type ImageRegion, pixelBox } from '@/utils/contract';
import { i18n } from '#i18n';

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
