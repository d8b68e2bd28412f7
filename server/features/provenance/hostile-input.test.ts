import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { ProvenanceResultSchema } from '../../../utils/contract/provenance';
import { fixturePath, haveFixtures } from '../../testing/fixtures';
import { analyzeProvenance } from './analyze';
import { ProvenanceInputError } from './errors';
import { closeC2paValidator } from './readers/c2pa-wasm';
import { jpegWith, pngChunk, pngWith, tEXt, tiffBlock, webpWith, xmpPacket, zTXt } from './testing/builders';

afterAll(() => closeC2paValidator());

/**
 * Property: whatever bytes arrive, analyzeProvenance either returns a valid
 * result or throws a ProvenanceInputError (a 4xx), and it finishes in time.
 * Seeds are small synthetic files plus (when present) small real fixtures
 * with C2PA stores, so mutations reach every reader including the WASM one.
 */
const PER_INPUT_LIMIT_MS = 8_000;

const seeds: Uint8Array[] = [
  pngWith(
    [
      tEXt('parameters', 'a\nSteps: 2'),
      zTXt('prompt', '{"1":{"class_type":"K","inputs":{}}}'),
      pngChunk('caBX', Buffer.alloc(40, 1)),
    ],
    { width: 2, height: 2 },
  ),
  jpegWith([
    {
      marker: 0xe1,
      data: Buffer.concat([
        Buffer.from('Exif\0\0', 'latin1'),
        tiffBlock({ 0x010f: 'Canon', 0x0131: 'SDXL' }, Buffer.from('ASCII\0\0\0Steps: 3')),
      ]),
    },
    {
      marker: 0xe1,
      data: Buffer.concat([
        Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'),
        Buffer.from(xmpPacket('<rdf:Description Iptc4xmpExt:DigitalSourceType="trainedAlgorithmicMedia"/>')),
      ]),
    },
  ]),
  webpWith([
    { fourcc: 'VP8L', data: Buffer.alloc(16, 3) },
    { fourcc: 'EXIF', data: tiffBlock({ 0x010f: 'X' }) },
    { fourcc: 'C2PA', data: Buffer.alloc(32, 2) },
  ]),
];
if (haveFixtures) {
  for (const name of [
    'rs_CA.jpg',
    'sdp_ComfyUI_img2img_cropped.png',
    'c2pats_trustnxt-icon-signed-v2-bmff.heic',
    'made_xmp_dst_trained.avif',
  ]) {
    try {
      seeds.push(readFileSync(fixturePath('provenance', name)));
    } catch {
      // a missing optional seed only narrows the search
    }
  }
}

const mutate = (seed: Uint8Array, edits: { at: number; value: number }[], cut: number): Uint8Array => {
  const copy = Uint8Array.from(seed);
  for (const edit of edits) copy[edit.at % copy.length] = edit.value;
  return cut > 0 ? copy.subarray(0, Math.max(1, copy.length - (cut % copy.length))) : copy;
};

const checkOne = async (bytes: Uint8Array) => {
  const started = performance.now();
  try {
    const result = await analyzeProvenance(bytes, { timeBudgetMs: 5_000 });
    expect(ProvenanceResultSchema.safeParse(result).success).toBe(true);
  } catch (error) {
    if (!(error instanceof ProvenanceInputError)) throw error;
  }
  expect(performance.now() - started).toBeLessThan(PER_INPUT_LIMIT_MS);
};

describe('hostile input', () => {
  it('random bytes only ever give a result or a typed error', async () => {
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), checkOne), { numRuns: 150 });
  });

  it('random bytes behind a real magic number too', async () => {
    const magic = fc.constantFrom(
      Uint8Array.from([0xff, 0xd8, 0xff]),
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Uint8Array.from(Buffer.from('RIFF\0\0\0\0WEBP', 'latin1')),
      Uint8Array.from(Buffer.from('\0\0\0\x18ftypavif\0\0\0\0avifmif1', 'latin1')),
      Uint8Array.from(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">', 'latin1')),
    );
    await fc.assert(
      fc.asyncProperty(magic, fc.uint8Array({ maxLength: 4096 }), (head, tail) =>
        checkOne(Uint8Array.from([...head, ...tail])),
      ),
      { numRuns: 150 },
    );
  });

  it('mutated and truncated real and synthetic files', async () => {
    const edit = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(edit, { maxLength: 8 }),
        fc.nat({ max: 5000 }),
        (index, edits, cut) => checkOne(mutate(seeds[index] as Uint8Array, edits, cut)),
      ),
      { numRuns: 120 },
    );
  }, 300_000);
});
