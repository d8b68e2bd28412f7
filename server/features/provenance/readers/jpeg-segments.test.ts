import { describe, expect, it } from 'vitest';
import { jpegWith, tiffBlock, xmpPacket } from '../testing/builders';
import { readJpegSegments } from './jpeg-segments';

describe('readJpegSegments', () => {
  it('finds EXIF, XMP and the C2PA APP11 store before the scan', () => {
    const tiff = tiffBlock({ 0x010f: 'Canon' });
    const xmp = xmpPacket('<rdf:Description/>');
    const jumbf = Buffer.concat([Buffer.from('JP'), Buffer.alloc(6), Buffer.from('jumbjumdc2pa')]);
    const jpeg = jpegWith([
      { marker: 0xe1, data: Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]) },
      {
        marker: 0xe1,
        data: Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmp)]),
      },
      { marker: 0xeb, data: jumbf },
    ]);
    const segments = readJpegSegments(jpeg);
    expect(Buffer.from(segments.exif ?? []).equals(tiff)).toBe(true);
    expect(segments.xmp).toEqual([xmp]);
    expect(segments.hasC2pa).toBe(true);
    expect(segments.truncated).toBe(false);
  });

  it('stops on a broken length without reading past the end', () => {
    const jpeg = jpegWith([{ marker: 0xe1, data: Buffer.from('Exif\0\0MM') }]);
    jpeg.writeUInt16BE(0xfff0, 4);
    const segments = readJpegSegments(jpeg);
    expect(segments.exif).toBeNull();
    expect(segments.truncated).toBe(true);
  });
});
