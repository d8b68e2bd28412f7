import type { EmbedDtype } from './model-files';

/**
 * Turns images (and, for CLIP-family models, text) into vectors in one shared
 * space, so "find where to buy what you see" is a nearest-neighbour search.
 *
 * Every vector is L2-normalised: cosine similarity is a plain dot product,
 * which is what pgvector's `<#>` / `<=>` operators expect.
 */
export interface ImageEmbedder {
  /**
   * Identifies the vector space: `<model id>:<dtype>`. Store it beside each
   * vector; vectors with different ids must never be compared (re-embed instead).
   */
  readonly id: string;
  /**
   * Length of every vector. Read from the model's config.json without loading
   * the weights (so the DB column can be declared at startup), and checked
   * against real output on first use. Throws ModelUnavailableError when the
   * model is not installed.
   */
  readonly dimensions: number;
  /** Whether `embedText` exists: the model's text tower files are on disk. */
  readonly hasTextTower: boolean;
  /** One image (JPEG, PNG, WebP, GIF, AVIF, TIFF, SVG: whatever sharp decodes) → unit vector. */
  embedImage(bytes: Uint8Array): Promise<Float32Array>;
  /** Several images → unit vectors in the same order; faster per image than one at a time. */
  embedImages(batch: readonly Uint8Array[]): Promise<Float32Array[]>;
  /** Text → unit vector in the image space. Absent when the model has no text tower. */
  embedText?: (text: string) => Promise<Float32Array>;
  /** Frees the ONNX sessions. Later calls reject. */
  close(): Promise<void>;
}

/** How to build an embedder. The first two come from LOUPE_MODEL_DIR and LOUPE_EMBED_MODEL. */
export interface EmbedderSettings {
  /** LOUPE_MODEL_DIR: folder holding `<model id>/...` (transformers.js `env.localModelPath` layout). */
  modelDir: string;
  /** LOUPE_EMBED_MODEL: model id inside modelDir, e.g. `Xenova/clip-vit-base-patch32`. */
  modelId: string;
  /**
   * Which ONNX weights to load; default `q8` (`onnx/*_quantized.onnx`).
   * Caveat: on x86-64 CPUs without VNNI (e.g. AVX2-only servers) ONNX Runtime's
   * native u8×s8 kernels saturate, so an int8 model with signed weights gives
   * noticeably different vectors there (fixture model: recall@1 0.907 instead
   * of 0.973). `fp32` weights, or int8 models quantised with unsigned weights /
   * reduce_range, avoid it. See retrieval.bench.ts --reference.
   */
  dtype?: EmbedDtype;
  /** Decompression-bomb guard passed to sharp's `limitInputPixels`; default 50 MP. */
  maxInputPixels?: number;
  /** Images per ONNX run in `embedImages`; default 16. Bounds memory for big batches. */
  batchSize?: number;
  /** ONNX Runtime intra-op threads; default: ONNX Runtime's choice (all cores). */
  threads?: number;
}
