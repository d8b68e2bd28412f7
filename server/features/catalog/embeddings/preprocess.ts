/**
 * Image bytes → the model's `pixel_values`, done with sharp (libvips).
 *
 * Why not transformers.js's own `RawImage` + image processor: in Node it
 * decodes at full size, then resizes with an un-antialiased affine transform
 * and normalises in per-pixel JS — several times slower than letting libvips
 * decode, shrink-on-load and resize in one native pass (measure with
 * throughput.bench.ts). We implement only the geometry/normalisation options
 * CLIP-style processors use, read from the model's preprocessor_config.json,
 * and refuse configs we do not understand instead of silently diverging.
 */
import sharp from 'sharp';

import { ImageRejectedError } from './errors';

export interface ImageSpec {
  /** Resize target: shortest edge to N (aspect kept), or an exact width × height. */
  resize: { shortestEdge: number } | { width: number; height: number };
  /** Centre crop applied after the resize, if any. */
  crop: { width: number; height: number } | undefined;
  /** Multiplier applied to 0..255 channel values (usually 1/255), or 1 when rescaling is off. */
  rescale: number;
  /** Per-channel RGB mean/std, or undefined when normalisation is off. */
  mean: readonly [number, number, number] | undefined;
  std: readonly [number, number, number] | undefined;
}

/** The model input size this spec produces. */
export function outputSize(spec: ImageSpec): { width: number; height: number } {
  if (spec.crop) return spec.crop;
  if ('width' in spec.resize) return spec.resize;
  // Shortest-edge resizes without a crop have a size that depends on the image; batching needs a fixed one.
  throw new Error('preprocessor config resizes by shortest edge without a centre crop; output size is not fixed');
}

/** Options of preprocessor_config.json that would change pixels in ways we do not implement. */
const UNSUPPORTED_OPTIONS = [
  'do_pad',
  'do_flip_channel_order',
  'do_crop_margin',
  'do_thumbnail',
  'size_divisibility',
] as const;

function asSize(value: unknown, label: string): { width: number; height: number } | { shortestEdge: number } {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return { shortestEdge: value };
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v.shortest_edge === 'number' && v.longest_edge === undefined) return { shortestEdge: v.shortest_edge };
    if (typeof v.width === 'number' && typeof v.height === 'number') return { width: v.width, height: v.height };
  }
  throw new Error(`unsupported ${label} in preprocessor config: ${JSON.stringify(value)}`);
}

function asTriple(value: unknown, label: string): readonly [number, number, number] {
  if (typeof value === 'number') return [value, value, value];
  if (Array.isArray(value) && value.length === 3 && value.every((x) => typeof x === 'number')) {
    return [value[0] as number, value[1] as number, value[2] as number];
  }
  throw new Error(`unsupported ${label} in preprocessor config: ${JSON.stringify(value)}`);
}

/** Reads a Hugging Face preprocessor_config.json into an ImageSpec; throws on options we cannot honour. */
export function imageSpecFromPreprocessorConfig(config: Record<string, unknown>): ImageSpec {
  for (const option of UNSUPPORTED_OPTIONS) {
    if (config[option]) throw new Error(`preprocessor option "${option}" is not supported by Loupe's image pipeline`);
  }
  if (config.do_resize === false)
    throw new Error('preprocessor config disables resizing; the model input size would vary');
  const size = config.size ?? config.image_size;
  const resize = asSize(size, 'size');
  let crop: ImageSpec['crop'];
  if (config.do_center_crop) {
    const c = asSize(config.crop_size, 'crop_size');
    crop = 'width' in c ? c : { width: c.shortestEdge, height: c.shortestEdge };
  }
  const doNormalize = config.do_normalize !== false;
  const spec: ImageSpec = {
    resize,
    crop,
    rescale:
      config.do_rescale === false ? 1 : typeof config.rescale_factor === 'number' ? config.rescale_factor : 1 / 255,
    mean: doNormalize ? asTriple(config.image_mean, 'image_mean') : undefined,
    std: doNormalize ? asTriple(config.image_std, 'image_std') : undefined,
  };
  outputSize(spec); // fail now, not on the first image
  return spec;
}

/** Default decompression-bomb guard: 50 megapixels (≈ 8660 × 5770), far above any product photo. */
export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000;

/**
 * Decodes `bytes` and returns 8-bit RGB (HWC) at the model's input size.
 *
 * - `limitInputPixels` makes libvips refuse images whose *header* claims more
 *   pixels than allowed, before allocating anything (decompression bombs).
 * - EXIF orientation is applied (autoOrient), as a phone photo should be seen upright.
 * - Transparency is flattened on white: product cut-outs are shown on white
 *   in shops, while dropping alpha would expose whatever colour the
 *   transparent pixels happen to store (often black).
 * - Resizing uses sharp's default (Lanczos-3 with antialiasing). The fixture's
 *   golden vector was recorded with exactly this; processors' `resample`
 *   hint (bilinear/bicubic) is PIL's, which antialiases too, unlike an affine warp.
 */
export async function decodeToModelRgb(
  bytes: Uint8Array,
  spec: ImageSpec,
  maxInputPixels: number = DEFAULT_MAX_INPUT_PIXELS,
): Promise<Uint8Array> {
  if (bytes.byteLength === 0) throw new ImageRejectedError('empty', 'image is empty (0 bytes)');
  const { width, height } = outputSize(spec);
  try {
    // failOn stays at sharp's default ('warning'), which its docs recommend for untrusted input.
    const input = () => sharp(bytes, { limitInputPixels: maxInputPixels, autoOrient: true, animated: false });
    let pipeline = input().flatten({ background: '#ffffff' }).toColourspace('srgb');
    if ('width' in spec.resize) {
      pipeline = pipeline.resize(spec.resize.width, spec.resize.height, { fit: 'fill' });
      if (spec.crop && (spec.crop.width !== spec.resize.width || spec.crop.height !== spec.resize.height)) {
        pipeline = pipeline.extract(centreBox(spec.resize, spec.crop));
      }
    } else if (width === height && width === spec.resize.shortestEdge) {
      // Shortest edge → N then a centre N×N crop (CLIP): sharp's 'cover' does both in one pass.
      pipeline = pipeline.resize(width, height, { fit: 'cover', position: 'centre' });
    } else {
      const meta = await input().metadata();
      const resized = shortestEdgeSize(meta.autoOrient, spec.resize.shortestEdge);
      pipeline = pipeline
        .resize(resized.width, resized.height, { fit: 'fill' })
        .extract(centreBox(resized, { width, height }));
    }
    const { data, info } = await pipeline.removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || info.width !== width || info.height !== height) {
      throw new Error(`unexpected decoded shape ${info.width}x${info.height}x${info.channels}`);
    }
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  } catch (cause) {
    throw rejectionFor(cause);
  }
}

function shortestEdgeSize(image: { width: number; height: number }, edge: number): { width: number; height: number } {
  const { width: w, height: h } = image;
  if (!w || !h) throw new Error('image has no dimensions');
  const scale = edge / Math.min(w, h);
  // Same rounding as transformers.js (floor after 2-decimal rounding), never below the edge itself.
  return {
    width: Math.max(edge, Math.floor(Number((w * scale).toFixed(2)))),
    height: Math.max(edge, Math.floor(Number((h * scale).toFixed(2)))),
  };
}

function centreBox(from: { width: number; height: number }, to: { width: number; height: number }) {
  if (to.width > from.width || to.height > from.height) {
    throw new Error(`crop ${to.width}x${to.height} is larger than the resized image ${from.width}x${from.height}`);
  }
  return {
    left: Math.floor((from.width - to.width) / 2),
    top: Math.floor((from.height - to.height) / 2),
    width: to.width,
    height: to.height,
  };
}

/** What went wrong decoding an image, as the ImageRejectedError the API turns into a 400 or 413. */
export function rejectionFor(cause: unknown): Error {
  if (cause instanceof ImageRejectedError) return cause;
  const message = cause instanceof Error ? cause.message : String(cause);
  if (/pixel limit/i.test(message)) {
    return new ImageRejectedError('too_large', 'image has more pixels than allowed (decompression-bomb guard)', cause);
  }
  return new ImageRejectedError('undecodable', `image could not be decoded: ${message}`, cause);
}

/**
 * Packs decoded RGB images into one NCHW float32 batch, applying rescale and
 * mean/std — the same arithmetic as transformers.js's processor, without
 * building intermediate tensors per image.
 */
export function toPixelValues(
  images: readonly Uint8Array[],
  spec: ImageSpec,
): { data: Float32Array; dims: [number, number, number, number] } {
  const { width, height } = outputSize(spec);
  const plane = width * height;
  const data = new Float32Array(images.length * 3 * plane);
  const mean = spec.mean ?? [0, 0, 0];
  const std = spec.std ?? [1, 1, 1];
  images.forEach((rgb, n) => {
    if (rgb.length !== plane * 3) throw new RangeError(`image ${n} has ${rgb.length} bytes, expected ${plane * 3}`);
    const base = n * 3 * plane;
    for (let c = 0; c < 3; c++) {
      const m = mean[c]!;
      const s = std[c]!;
      const out = base + c * plane;
      for (let i = 0; i < plane; i++) data[out + i] = (rgb[i * 3 + c]! * spec.rescale - m) / s;
    }
  });
  return { data, dims: [images.length, 3, height, width] };
}
