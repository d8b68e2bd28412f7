import { describe, expect, it } from 'vitest';
import { sniffImageFormat } from './image-format';

const isobmff = (major: string, compatible: string[]) => {
  const size = 16 + compatible.length * 4;
  const box = Buffer.alloc(size + 8);
  box.writeUInt32BE(size, 0);
  box.write('ftyp', 4, 'latin1');
  box.write(major, 8, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + i * 4, 'latin1'));
  return box;
};

describe('sniffImageFormat', () => {
  it.each([
    [Buffer.from([0xff, 0xd8, 0xff, 0xe0]), 'jpeg'],
    [Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'), 'png'],
    [Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'), 'webp'],
    [isobmff('avif', ['mif1', 'avif']), 'avif'],
    [isobmff('mif1', ['mif1', 'heic']), 'heic'],
    [isobmff('heic', []), 'heic'],
    [Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'svg'],
    [Buffer.from('GIF89a'), 'gif'],
    [Buffer.from('II*\0'), 'tiff'],
  ])('recognises %#', (bytes, format) => {
    expect(sniffImageFormat(bytes)).toBe(format);
  });

  it.each([
    [Buffer.alloc(0)],
    [Buffer.from('hello')],
    [Buffer.from('<html><body></body></html>')],
    [isobmff('isom', ['mp41'])],
    [Buffer.from('RIFF\0\0\0\0WAVE', 'latin1')],
  ])('rejects %#', (bytes) => {
    expect(sniffImageFormat(bytes)).toBeNull();
  });
});
