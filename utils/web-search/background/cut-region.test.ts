import { crc32, deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { MAX_CUT_PIXELS, refuseHugePicture } from './cut-region';

/** A PNG chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A whole, valid one-bit greyscale PNG of `width` × `height` white pixels: tiny on disk, however large. */
function onebitPng(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, no filter method, no interlace
  const row = Buffer.alloc(1 + Math.ceil(width / 8), 0xff);
  row[0] = 0; // filter: none
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The start of a baseline JPEG declaring `width` × `height` (SOI, a JFIF APP0, a SOF0): all a header reader needs. */
function jpegHeader(width: number, height: number): Buffer {
  const jfif = Buffer.from([0xff, 0xe0, 0, 16, ...Buffer.from('JFIF\0', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]);
  const sof = Buffer.from([0xff, 0xc0, 0, 11, 8, 0, 0, 0, 0, 1, 1, 0x11, 0]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), jfif, sof]);
}

const blob = (bytes: Buffer, type: string) => new Blob([new Uint8Array(bytes)], { type });

describe('a part is cut only from a picture of a sane size', () => {
  it('refuses a small file that declares a huge picture, before decoding it, saying its size', async () => {
    const bomb = onebitPng(16_000, 16_000);
    // The attack this stops: a file of tens of kB that would decode into 1 GB.
    expect(bomb.length).toBeLessThan(64 * 1024);
    await expect(refuseHugePicture(blob(bomb, 'image/png'))).rejects.toThrow(
      'This image is too large to cut a part from (16,000 × 16,000 pixels; Loupe cuts from at most 100 megapixels). Search the whole image instead.',
    );
    await expect(refuseHugePicture(blob(jpegHeader(20_000, 12_000), 'image/jpeg'))).rejects.toThrow(
      '20,000 × 12,000 pixels',
    );
  });

  it('lets through a large photograph within the limit, and a file whose header it cannot read', async () => {
    await expect(refuseHugePicture(blob(jpegHeader(12_000, 8_000), 'image/jpeg'))).resolves.toBeUndefined();
    expect(12_000 * 8_000).toBeLessThanOrEqual(MAX_CUT_PIXELS);
    await expect(refuseHugePicture(blob(onebitPng(1200, 400), 'image/png'))).resolves.toBeUndefined();
    // Not an image at all: the decoder says so, with cutRegion's own error.
    await expect(refuseHugePicture(blob(Buffer.from('not a picture'), 'image/png'))).resolves.toBeUndefined();
  });
});
