import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { cropToRegion, MIN_REGION_PIXELS } from './crop';
import { ImageRejectedError } from './errors';

/** A 200 × 100 picture: red left half, blue right half. */
const halves = (orientation?: number) =>
  sharp({ create: { width: 200, height: 100, channels: 3, background: '#ff0000' } })
    .composite([
      {
        input: { create: { width: 100, height: 100, channels: 3, background: '#0000ff' } },
        left: 100,
        top: 0,
      },
    ])
    .withMetadata(orientation ? { orientation } : {})
    .png()
    .toBuffer();

async function colourAndSize(png: Uint8Array) {
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const channel = (c: number) => {
    let sum = 0;
    for (let i = c; i < data.length; i += 3) sum += data[i]!;
    return Math.round(sum / (data.length / 3));
  };
  return { width: info.width, height: info.height, rgb: [channel(0), channel(1), channel(2)] };
}

describe('cropping to a region before embedding', () => {
  it('cuts the named fractions of the image', async () => {
    const right = await colourAndSize(await cropToRegion(await halves(), { left: 0.5, top: 0, width: 0.5, height: 1 }));
    expect(right).toEqual({ width: 100, height: 100, rgb: [0, 0, 255] });
    const topLeft = await colourAndSize(
      await cropToRegion(await halves(), { left: 0, top: 0, width: 0.25, height: 0.5 }),
    );
    expect(topLeft).toEqual({ width: 50, height: 50, rgb: [255, 0, 0] });
  });

  it('reads the region on the image as it is shown, after its EXIF orientation', async () => {
    // Orientation 6: shown turned 90° clockwise, 100 wide and 200 tall, red on top.
    const top = await colourAndSize(await cropToRegion(await halves(6), { left: 0, top: 0, width: 1, height: 0.5 }));
    expect(top).toEqual({ width: 100, height: 100, rgb: [255, 0, 0] });
  });

  it('refuses a region too small to recognise anything, and bytes that are no image', async () => {
    const tiny = cropToRegion(await halves(), { left: 0, top: 0, width: 0.01, height: 0.5 });
    await expect(tiny).rejects.toBeInstanceOf(ImageRejectedError);
    await expect(tiny).rejects.toThrow(`at least ${MIN_REGION_PIXELS}`);
    await expect(
      cropToRegion(new TextEncoder().encode('not an image'), { left: 0, top: 0, width: 1, height: 1 }),
    ).rejects.toMatchObject({ rejection: 'undecodable' });
  });
});
