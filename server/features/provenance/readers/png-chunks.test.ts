import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits';
import { iTXt, pngChunk, pngWith, tEXt, zTXt } from '../testing/builders';
import { exifFromRawProfile, readPngChunks } from './png-chunks';

describe('readPngChunks', () => {
  it('reads tEXt, zTXt, compressed and uncompressed iTXt', () => {
    const png = pngWith(
      [
        tEXt('parameters', 'a cat\nSteps: 20'),
        zTXt('prompt', '{"3":{}}'),
        iTXt('workflow', '{"nodes":[]}', true),
        iTXt('XML:com.adobe.xmp', '<x:xmpmeta/>', false),
      ],
      { width: 3, height: 2 },
    );
    const chunks = readPngChunks(png);
    expect(chunks.width).toBe(3);
    expect(chunks.height).toBe(2);
    expect(chunks.truncated).toBe(false);
    expect(chunks.texts).toEqual([
      { chunk: 'tEXt', keyword: 'parameters', text: 'a cat\nSteps: 20' },
      { chunk: 'zTXt', keyword: 'prompt', text: '{"3":{}}' },
      { chunk: 'iTXt', keyword: 'workflow', text: '{"nodes":[]}' },
      { chunk: 'iTXt', keyword: 'XML:com.adobe.xmp', text: '<x:xmpmeta/>' },
    ]);
  });

  it('finds eXIf and caBX', () => {
    const chunks = readPngChunks(
      pngWith([pngChunk('eXIf', Buffer.from('MM\0*')), pngChunk('caBX', Buffer.from('jumb'))]),
    );
    expect(Buffer.from(chunks.exif ?? []).toString('latin1')).toBe('MM\0*');
    expect(chunks.hasC2pa).toBe(true);
  });

  it('caps zip bombs: a chunk inflating past the limit is dropped, not inflated', () => {
    const bomb = deflateSync(Buffer.alloc(LIMITS.maxInflatedTextBytes + 1024, 0x41));
    const chunk = pngChunk('zTXt', Buffer.concat([Buffer.from('parameters\0\0', 'latin1'), bomb]));
    const started = performance.now();
    const chunks = readPngChunks(pngWith([chunk]));
    expect(chunks.texts).toEqual([]);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('stops at truncation and at lying lengths', () => {
    const png = pngWith([tEXt('Software', 'x')]);
    expect(readPngChunks(png.subarray(0, png.length - 20)).truncated).toBe(true);
    const lying = Buffer.from(png);
    lying.writeUInt32BE(0x7ffffff0, 33); // the tEXt length
    const chunks = readPngChunks(lying);
    expect(chunks.truncated).toBe(true);
    expect(chunks.texts).toEqual([]);
  });

  it('decodes ImageMagick "Raw profile type exif"', () => {
    const tiff = Buffer.from('Exif\0\0MM\0*\0\0\0\x08', 'latin1');
    const text = `\nexif\n      ${tiff.length}\n${tiff.toString('hex')}\n`;
    expect(Buffer.from(exifFromRawProfile(text) ?? []).toString('latin1')).toBe('MM\0*\0\0\0\x08');
  });
});
