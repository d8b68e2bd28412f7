import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixturePath, haveFixtures } from '../../../testing/fixtures';
import { metaBoxReachable, readIsobmffExif } from './isobmff-exif';

const box = (kind: string, body: Uint8Array | number[] = [], length?: number) => {
  const bytes = new Uint8Array(8 + body.length);
  new DataView(bytes.buffer).setUint32(0, length ?? bytes.length);
  bytes.set(Buffer.from(kind, 'latin1'), 4);
  bytes.set(body, 8);
  return bytes;
};
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));
const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0heicmif1', 'latin1'));

describe('EXIF in HEIC/AVIF', () => {
  it('never hands exifr a box chain it would loop on for ever (a box of length 0 before meta)', async () => {
    // Found by the hostile-input property test: exifr's search for `meta` adds each box's length, so 0 never moves on.
    const looping = concat(ftyp, box('free', [], 0), box('meta', [0, 0, 0, 0]));
    expect(metaBoxReachable(looping)).toBe(false);
    expect(await readIsobmffExif(looping)).toEqual({});
  });

  it('walks to meta through ordinary boxes, and says no when there is none', () => {
    expect(metaBoxReachable(concat(ftyp, box('free', [1, 2, 3]), box('meta', [0, 0, 0, 0])))).toBe(true);
    expect(metaBoxReachable(concat(ftyp, box('free', [1, 2, 3]), box('mdat', [9, 9])))).toBe(false);
    expect(metaBoxReachable(concat(ftyp, box('free', [], 4)))).toBe(false);
    expect(metaBoxReachable(new Uint8Array([0, 0]))).toBe(false);
  });

  it.skipIf(!haveFixtures)('still reads real files (a signed HEIC, an AVIF with EXIF)', async () => {
    for (const name of ['c2pats_trustnxt-icon-signed-v2-bmff.heic', 'made_xmp_dst_trained.avif']) {
      expect(metaBoxReachable(readFileSync(fixturePath('provenance', name))), name).toBe(true);
    }
  });
});
