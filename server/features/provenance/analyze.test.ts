import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ProvenanceResultSchema } from '../../../utils/contract/provenance';
import { analyzeProvenance } from './analyze';
import { ImageTooLargeError, UnsupportedImageError } from './errors';
import { closeC2paValidator } from './readers/c2pa-wasm';
import { jpegWith, pngChunk, pngWith, tEXt, tiffBlock, webpWith, xmpPacket, zTXt } from './testing/builders';

afterAll(() => closeC2paValidator());

const xmpSegment = (inner: string) => ({
  marker: 0xe1,
  data: Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from(xmpPacket(inner))]),
});
const exifSegment = (tags: Record<number, string>, comment?: Buffer) => ({
  marker: 0xe1,
  data: Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiffBlock(tags, comment)]),
});
const analyze = (bytes: Uint8Array) => analyzeProvenance(bytes);

describe('analyzeProvenance on synthetic files', () => {
  it('refuses what is not an image with a typed error', async () => {
    await expect(analyze(Buffer.from('hello world'))).rejects.toBeInstanceOf(UnsupportedImageError);
    await expect(analyze(new Uint8Array())).rejects.toBeInstanceOf(UnsupportedImageError);
    await expect(analyzeProvenance(pngWith([]), { maxBytes: 10 })).rejects.toBeInstanceOf(ImageTooLargeError);
  });

  it('declares AI from A1111 parameters in zTXt, with a valid result and hash', async () => {
    const png = pngWith([
      zTXt('parameters', 'a handbag\nNegative prompt: blur\nSteps: 30, Sampler: DPM++ 2M, Seed: 1'),
    ]);
    const result = await analyze(png);
    expect(ProvenanceResultSchema.parse(result)).toEqual(result);
    expect(result).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
    expect(result.evidence[0]).toMatchObject({ source: 'png-text', field: 'parameters' });
    expect(result.sha256).toBe(createHash('sha256').update(png).digest('hex'));
  });

  it('reads IPTC DigitalSourceType in JPEG XMP: AI is declared, capture is only a hint', async () => {
    const ai = await analyze(
      jpegWith([
        xmpSegment(
          '<rdf:Description Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia"/>',
        ),
      ]),
    );
    expect(ai).toMatchObject({ verdict: 'ai-edited', strength: 'declared' });
    const capture = await analyze(
      jpegWith([
        xmpSegment(
          '<rdf:Description Iptc4xmpExt:DigitalSourceType="http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"/>',
        ),
        exifSegment({ 0x010f: 'SONY', 0x0110: 'ILCE-7M4' }),
      ]),
    );
    expect(capture).toMatchObject({ verdict: 'unknown', strength: 'hint' });
  });

  it('reads EXIF UserComment parameters and Software hints in WebP', async () => {
    const comment = Buffer.concat([
      Buffer.from('ASCII\0\0\0', 'latin1'),
      Buffer.from('a cat\nSteps: 20, Sampler: Euler'),
    ]);
    const declared = await analyze(
      webpWith([
        { fourcc: 'VP8 ', data: Buffer.alloc(10) },
        { fourcc: 'EXIF', data: tiffBlock({}, comment) },
      ]),
    );
    expect(declared).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
    const hinted = await analyze(
      webpWith([
        { fourcc: 'VP8 ', data: Buffer.alloc(10) },
        { fourcc: 'EXIF', data: tiffBlock({ 0x0131: 'Midjourney v6' }) },
      ]),
    );
    expect(hinted).toMatchObject({ verdict: 'unknown', strength: 'hint' });
  });

  it('says "no provenance found" for a bare image', async () => {
    const result = await analyze(pngWith([tEXt('Comment', 'hello')]));
    expect(result).toMatchObject({ verdict: 'unknown', strength: 'none', evidence: [] });
    expect(result.summary).toMatch(/no provenance found/i);
  });

  it('handles truncation, absurd dimensions and a corrupt C2PA chunk without throwing', async () => {
    const png = pngWith([tEXt('parameters', 'x\nSteps: 1')]);
    const truncated = await analyze(png.subarray(0, png.length - 30));
    expect(truncated.warnings.join(' ')).toMatch(/truncated/);
    const huge = await analyze(pngWith([], { width: 100_000, height: 100_000 }));
    expect(huge.verdict).toBe('unknown');
    const corrupt = await analyze(pngWith([pngChunk('caBX', Buffer.from('0000000c6a756d62deadbeef', 'hex'))]));
    expect(corrupt.verdict).toBe('unknown');
  });

  it('bounds the evidence list for files with thousands of generator chunks', async () => {
    const chunks = Array.from({ length: 2_000 }, (_, i) =>
      tEXt('parameters', `prompt ${i}\nSteps: 20, Sampler: Euler`),
    );
    const result = await analyze(pngWith(chunks));
    expect(result.verdict).toBe('ai-generated');
    expect(result.evidence.length).toBeLessThanOrEqual(32);
    expect(result.warnings.join(' ')).toMatch(/more evidence items were left out/);
  });

  it('reports remote Content Credentials without fetching them', async () => {
    const result = await analyze(
      jpegWith([xmpSegment('<rdf:Description dcterms:provenance="https://example.com/manifest.c2pa"/>')]),
    );
    expect(result).toMatchObject({ verdict: 'unknown', strength: 'hint' });
    expect(result.evidence[0]?.value).toMatch(/not fetched/);
  });
});
