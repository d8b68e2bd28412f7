import sharp from 'sharp';
import type { ImageRegion } from '../../../../utils/contract';

/** Scenes are a 3 × 3 grid of square cells: the product in one, other pictures in the rest. */
const GRID = 3;
const CELL = 240;

/**
 * A product photo pasted into a larger scene, as in a living-room shot: a grid of other pictures
 * with the product in cell `at` (0–8, row by row), on a soft grey, saved as a JPEG. Returns the
 * scene and the region a person would draw around the product (its cell).
 */
export async function sceneWith(
  product: Uint8Array,
  others: readonly Uint8Array[],
  at: number,
): Promise<{ bytes: Uint8Array; region: ImageRegion }> {
  if (others.length === 0) throw new Error('a scene needs other pictures around the product');
  const cell = (image: Uint8Array) =>
    sharp(image)
      .resize(CELL - 16, CELL - 16, { fit: 'contain', background: '#ffffff' })
      .flatten({ background: '#ffffff' })
      .png()
      .toBuffer();
  const tiles = await Promise.all(
    Array.from({ length: GRID * GRID }, (_, i) =>
      cell(i === at ? product : others[(i - (i > at ? 1 : 0)) % others.length]!),
    ),
  );
  const side = GRID * CELL;
  const scene = await sharp({ create: { width: side, height: side, channels: 3, background: '#d8d4cc' } })
    .composite(tiles.map((input, i) => ({ input, left: (i % GRID) * CELL + 8, top: Math.floor(i / GRID) * CELL + 8 })))
    .jpeg({ quality: 85 })
    .toBuffer();
  return {
    bytes: new Uint8Array(scene),
    region: { left: (at % GRID) / GRID, top: Math.floor(at / GRID) / GRID, width: 1 / GRID, height: 1 / GRID },
  };
}
