import { describe, expect, it } from 'vitest';
import { tiffBlock, webpWith, xmpPacket } from '../testing/builders';
import { readWebpChunks } from './webp-chunks';

describe('readWebpChunks', () => {
  it('reads EXIF (with or without the Exif prefix), XMP, C2PA and the lossless flag', () => {
    const tiff = tiffBlock({ 0x0131: 'Midjourney' });
    const webp = webpWith([
      { fourcc: 'VP8L', data: Buffer.alloc(5) },
      { fourcc: 'EXIF', data: Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]) },
      { fourcc: 'XMP ', data: Buffer.from(xmpPacket('')) },
      { fourcc: 'C2PA', data: Buffer.alloc(3) },
    ]);
    const chunks = readWebpChunks(webp);
    expect(Buffer.from(chunks.exif ?? []).equals(tiff)).toBe(true);
    expect(chunks.xmp).toContain('x:xmpmeta');
    expect(chunks.hasC2pa).toBe(true);
    expect(chunks.lossless).toBe(true);
    expect(chunks.truncated).toBe(false);
  });

  it('flags truncation', () => {
    const webp = webpWith([{ fourcc: 'EXIF', data: Buffer.alloc(100) }]);
    expect(readWebpChunks(webp.subarray(0, 50)).truncated).toBe(true);
  });
});
