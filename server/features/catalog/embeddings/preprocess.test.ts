import { crc32, deflateSync } from 'node:zlib';

import sharp from 'sharp';
import { describe, expect, it } from 'vitest';

import { ImageRejectedError } from './errors';
import { decodeToModelRgb, imageSpecFromPreprocessorConfig, toPixelValues, type ImageSpec } from './preprocess';

/** preprocessor_config.json of Xenova/clip-vit-base-patch32 (the production model), as published. */
const CLIP_PREPROCESSOR = {
  crop_size: 224,
  do_center_crop: true,
  do_normalize: true,
  do_resize: true,
  feature_extractor_type: 'CLIPFeatureExtractor',
  image_mean: [0.48145466, 0.4578275, 0.40821073],
  image_std: [0.26862954, 0.26130258, 0.27577711],
  resample: 3,
  size: 224,
};

const clipSpec = imageSpecFromPreprocessorConfig(CLIP_PREPROCESSOR);

/** A tiny PNG whose header claims width × height pixels: what a decompression bomb looks like to a decoder. */
function pngHeaderClaiming(width: number, height: number): Uint8Array {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(1024))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('imageSpecFromPreprocessorConfig', () => {
  it('reads a CLIP config (integer size = shortest edge, centre crop, CLIP mean/std)', () => {
    expect(clipSpec).toEqual({
      resize: { shortestEdge: 224 },
      crop: { width: 224, height: 224 },
      rescale: 1 / 255,
      mean: CLIP_PREPROCESSOR.image_mean,
      std: CLIP_PREPROCESSOR.image_std,
    });
  });

  it('refuses options that would change pixels in ways we do not implement', () => {
    expect(() => imageSpecFromPreprocessorConfig({ ...CLIP_PREPROCESSOR, do_pad: true })).toThrow(/do_pad/);
    expect(() => imageSpecFromPreprocessorConfig({ ...CLIP_PREPROCESSOR, do_center_crop: false })).toThrow(/not fixed/);
    expect(() => imageSpecFromPreprocessorConfig({ ...CLIP_PREPROCESSOR, size: { longest_edge: 224 } })).toThrow(
      /size/,
    );
  });
});

describe('decodeToModelRgb', () => {
  it('centre-crops a wide image after scaling its short side to 224', async () => {
    // Left third red, middle third green, right third blue: the crop must keep only green.
    const width = 600;
    const height = 200;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) pixels[(y * width + x) * 3 + Math.floor((x * 3) / width)] = 255;
    }
    const png = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .png()
      .toBuffer();
    const rgb = await decodeToModelRgb(png, clipSpec);
    expect(rgb).toHaveLength(224 * 224 * 3);
    const centre = (112 * 224 + 112) * 3;
    expect(Array.from(rgb.subarray(centre, centre + 3))).toEqual([0, 255, 0]);
    // 600×200 → 672×224, crop x 224..448 = exactly the green third: no red left near the edges.
    const nearLeftEdge = (112 * 224 + 8) * 3;
    expect(rgb[nearLeftEdge]).toBeLessThan(30);
    expect(rgb[nearLeftEdge + 1]).toBeGreaterThan(200);
  });

  it('handles a crop smaller than the shortest edge (ResNet-style 256 → 224)', async () => {
    const spec: ImageSpec = { ...clipSpec, resize: { shortestEdge: 256 }, crop: { width: 224, height: 224 } };
    const png = await sharp({ create: { width: 300, height: 500, channels: 3, background: '#336699' } })
      .png()
      .toBuffer();
    const rgb = await decodeToModelRgb(png, spec);
    expect(rgb).toHaveLength(224 * 224 * 3);
    expect(Array.from(rgb.subarray(0, 3))).toEqual([0x33, 0x66, 0x99]);
  });

  it('flattens transparency on white and expands grey to RGB', async () => {
    const transparent = await sharp({
      create: { width: 50, height: 50, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } },
    })
      .png()
      .toBuffer();
    expect(Array.from((await decodeToModelRgb(transparent, clipSpec)).subarray(0, 3))).toEqual([255, 255, 255]);

    const grey = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#808080' } })
      .greyscale()
      .jpeg()
      .toBuffer();
    const rgb = await decodeToModelRgb(grey, clipSpec);
    expect(rgb).toHaveLength(224 * 224 * 3);
    expect(Math.abs(rgb[0]! - rgb[1]!)).toBeLessThanOrEqual(1);
  });

  it('applies EXIF orientation before cropping', async () => {
    // Stored 300×100 (red left, blue right), tagged "rotate 90° clockwise": seen as 100×300, red on top.
    const width = 300;
    const height = 100;
    const pixels = Buffer.alloc(width * height * 3);
    for (let y = 0; y < height; y++)
      for (let x = 0; x < width; x++) pixels[(y * width + x) * 3 + (x < width / 2 ? 0 : 2)] = 255;
    const jpeg = await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 95 })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const rgb = await decodeToModelRgb(jpeg, { ...clipSpec, resize: { width: 224, height: 224 }, crop: undefined });
    const top = (10 * 224 + 112) * 3;
    const bottom = (214 * 224 + 112) * 3;
    expect(rgb[top]).toBeGreaterThan(200); // red on top
    expect(rgb[bottom + 2]).toBeGreaterThan(200); // blue below
  });

  it('refuses a header that claims more pixels than allowed, without decoding it', async () => {
    const bomb = pngHeaderClaiming(100_000, 100_000);
    const error = await decodeToModelRgb(bomb, clipSpec).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImageRejectedError);
    expect((error as ImageRejectedError).rejection).toBe('too_large');

    const small = await sharp({ create: { width: 100, height: 100, channels: 3, background: '#000' } })
      .png()
      .toBuffer();
    await expect(decodeToModelRgb(small, clipSpec, 5_000)).rejects.toMatchObject({ rejection: 'too_large' });
  });

  it('rejects empty and non-image bytes', async () => {
    await expect(decodeToModelRgb(new Uint8Array(), clipSpec)).rejects.toMatchObject({ rejection: 'empty' });
    await expect(decodeToModelRgb(new TextEncoder().encode('GIF89a but not really'), clipSpec)).rejects.toMatchObject({
      rejection: 'undecodable',
    });
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } })
      .jpeg()
      .toBuffer();
    await expect(decodeToModelRgb(jpeg.subarray(0, jpeg.length / 2), clipSpec)).rejects.toBeInstanceOf(
      ImageRejectedError,
    );
  });
});

describe('toPixelValues', () => {
  it('packs a batch as NCHW with rescale and mean/std', () => {
    const spec: ImageSpec = {
      resize: { width: 2, height: 1 },
      crop: undefined,
      rescale: 1 / 255,
      mean: [0.5, 0.5, 0.5],
      std: [0.5, 0.25, 0.5],
    };
    const a = Uint8Array.from([255, 0, 0, 0, 255, 0]); // red, green
    const b = Uint8Array.from([0, 0, 255, 255, 255, 255]); // blue, white
    const { data, dims } = toPixelValues([a, b], spec);
    expect(dims).toEqual([2, 3, 1, 2]);
    // image a: R plane [1, -1], G plane [-2, 2], B plane [-1, -1]
    expect(Array.from(data.subarray(0, 6))).toEqual([1, -1, -2, 2, -1, -1]);
    // image b: R [-1, 1], G [-2, 2], B [1, 1]
    expect(Array.from(data.subarray(6, 12))).toEqual([-1, 1, -2, 2, 1, 1]);
  });
});
