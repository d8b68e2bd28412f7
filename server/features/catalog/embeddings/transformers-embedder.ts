/**
 * ImageEmbedder implemented with transformers.js (ONNX Runtime for Node).
 *
 * - Nothing heavy happens at construction: the server starts without a model
 *   and image search answers 503 until one is installed.
 * - The vision tower loads once, lazily; concurrent first calls share that
 *   one load. A failed load is forgotten, so installing the model and calling
 *   again works without a restart.
 * - We pass transformers.js the model's absolute folder instead of setting the
 *   process-global `env.localModelPath`, so two embedders (or a test) cannot
 *   change each other's model directory mid-load, and `local_files_only` so
 *   serving never downloads anything (only `fetchModel` does).
 * - ONNX runs are serialised: with a few cores, concurrent runs only contend,
 *   while decoding (libuv thread pool) overlaps with inference.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Tensor } from '@huggingface/transformers';

import { ImageRejectedError, ModelUnavailableError, TextEmbeddingUnavailableError } from './errors';
import {
  assertImageFilesPresent,
  locateModel,
  missingTextFiles,
  readModelConfig,
  type EmbedDtype,
  type ModelLocation,
} from './model-files';
import {
  DEFAULT_MAX_INPUT_PIXELS,
  decodeToModelRgb,
  imageSpecFromPreprocessorConfig,
  toPixelValues,
  type ImageSpec,
} from './preprocess';
import type { EmbedderSettings, ImageEmbedder } from './types';
import { l2NormalizeInPlace } from './vector';

/** How to run each supported model family. CLIP's towers end in a projection into the shared space. */
const FAMILIES = {
  clip: {
    visionClass: 'CLIPVisionModelWithProjection',
    visionOutput: 'image_embeds',
    textClass: 'CLIPTextModelWithProjection',
    textOutput: 'text_embeds',
  },
} as const;
type Family = (typeof FAMILIES)[keyof typeof FAMILIES];

/** The slice of a transformers.js model we use; its published types do not declare the call signature. */
interface OnnxModel {
  (inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
  dispose(): Promise<unknown>;
}
type Tokenize = (texts: string[], options: { padding: boolean; truncation: boolean }) => Record<string, unknown>;

interface VisionTower {
  model: OnnxModel;
  /** Name of the output holding the projected embedding. */
  output: string;
  spec: ImageSpec;
  makeTensor: (data: Float32Array, dims: number[]) => Tensor;
}
interface TextTower {
  model: OnnxModel;
  output: string;
  tokenize: Tokenize;
}

const DEFAULT_BATCH_SIZE = 16;

export function createImageEmbedder(settings: EmbedderSettings): ImageEmbedder {
  return new TransformersImageEmbedder(settings);
}

class TransformersImageEmbedder implements ImageEmbedder {
  readonly id: string;
  /** Set once the text tower's files are seen on disk (they may arrive while the server runs). */
  #textFilesSeen = false;

  readonly #modelId: string;
  readonly #modelDir: string;
  readonly #dtype: EmbedDtype;
  readonly #maxInputPixels: number;
  readonly #batchSize: number;
  readonly #threads: number | undefined;
  /** The model's files, or why the settings cannot name a model (reported on use, not at startup). */
  readonly #location: ModelLocation | ModelUnavailableError;

  #vision: Promise<VisionTower> | undefined;
  #text: Promise<TextTower> | undefined;
  #verifiedDimensions: number | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(settings: EmbedderSettings) {
    this.#modelId = settings.modelId;
    this.#modelDir = path.resolve(settings.modelDir);
    this.#dtype = settings.dtype ?? 'q8';
    this.#maxInputPixels = settings.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS;
    this.#batchSize = Math.max(1, settings.batchSize ?? DEFAULT_BATCH_SIZE);
    this.#threads = settings.threads;
    this.id = `${settings.modelId}:${this.#dtype}`;
    try {
      this.#location = locateModel(settings.modelDir, settings.modelId, this.#dtype);
    } catch (error) {
      if (!(error instanceof ModelUnavailableError)) throw error;
      this.#location = error;
    }
  }

  /**
   * A config may describe a text tower (`text_config`) whose weights were never downloaded, so we
   * decide from the files: the ONNX graph and the tokenizer must both be on disk. Looked at again
   * until they are there, so a model fetched while the server runs (npm start's first run) gains
   * text search without a restart.
   */
  get hasTextTower(): boolean {
    if (!this.#textFilesSeen && !(this.#location instanceof Error))
      this.#textFilesSeen = missingTextFiles(this.#location).length === 0;
    return this.#textFilesSeen;
  }

  get embedText(): ((text: string) => Promise<Float32Array>) | undefined {
    return this.hasTextTower ? this.#boundEmbedText : undefined;
  }

  readonly #boundEmbedText = (text: string) => this.#embedText(text);

  get dimensions(): number {
    if (this.#verifiedDimensions !== undefined) return this.#verifiedDimensions;
    const loc = this.#locate();
    assertImageFilesPresent(loc);
    const { dimensions } = readModelConfig(loc);
    if (dimensions === undefined) {
      throw new ModelUnavailableError({
        modelId: loc.modelId,
        modelDir: loc.modelDir,
        reason: `${loc.configPath} does not declare projection_dim`,
      });
    }
    return dimensions;
  }

  async embedImage(bytes: Uint8Array): Promise<Float32Array> {
    const [vector] = await this.embedImages([bytes]);
    return vector!;
  }

  async embedImages(batch: readonly Uint8Array[]): Promise<Float32Array[]> {
    this.#assertOpen();
    if (batch.length === 0) return [];
    const tower = await this.#loadVision();
    const chunks: Uint8Array[][] = [];
    for (let i = 0; i < batch.length; i += this.#batchSize) chunks.push(batch.slice(i, i + this.#batchSize));

    // Decode chunk k+1 while chunk k runs through the model.
    const decode = (chunk: Uint8Array[], offset: number) => {
      const p = Promise.all(chunk.map((bytes, i) => this.#decode(bytes, tower.spec, offset + i)));
      p.catch(() => {}); // awaited below; this only stops an "unhandled rejection" while the previous chunk runs
      return p;
    };
    const vectors: Float32Array[] = [];
    let next = decode(chunks[0]!, 0);
    for (let k = 0; k < chunks.length; k++) {
      const rgb = await next;
      if (k + 1 < chunks.length) next = decode(chunks[k + 1]!, (k + 1) * this.#batchSize);
      const { data, dims } = toPixelValues(rgb, tower.spec);
      const output = await this.#exclusive(() => tower.model({ pixel_values: tower.makeTensor(data, dims) }));
      vectors.push(...this.#rows(output, tower.output, rgb.length));
    }
    return vectors;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#queue.catch(() => {});
    const towers = await Promise.allSettled([this.#vision, this.#text].filter((p) => p !== undefined));
    this.#vision = undefined;
    this.#text = undefined;
    for (const tower of towers) if (tower.status === 'fulfilled') await tower.value.model.dispose();
  }

  async #embedText(text: string): Promise<Float32Array> {
    this.#assertOpen();
    const tower = await this.#loadText();
    const inputs = tower.tokenize([text], { padding: true, truncation: true });
    const output = await this.#exclusive(() => tower.model(inputs));
    return this.#rows(output, tower.output, 1)[0]!;
  }

  async #decode(bytes: Uint8Array, spec: ImageSpec, index: number): Promise<Uint8Array> {
    try {
      return await decodeToModelRgb(bytes, spec, this.#maxInputPixels);
    } catch (error) {
      if (error instanceof ImageRejectedError) {
        throw new ImageRejectedError(error.rejection, `image #${index}: ${error.message}`, error.cause);
      }
      throw error;
    }
  }

  /** Splits a [n, d] output into n unit vectors (copies, so callers may keep them). */
  #rows(output: Record<string, Tensor>, name: string, n: number): Float32Array[] {
    const tensor = output[name];
    if (!tensor) throw new Error(`model output has no "${name}" (outputs: ${Object.keys(output).join(', ')})`);
    const d = tensor.dims[tensor.dims.length - 1]!;
    const data = tensor.data as Float32Array;
    if (data.length !== n * d) throw new Error(`model output "${name}" has ${data.length} values, expected ${n}×${d}`);
    if (this.#verifiedDimensions === undefined) this.#verifiedDimensions = d;
    else if (this.#verifiedDimensions !== d)
      throw new Error(`model output has ${d} dimensions, expected ${this.#verifiedDimensions}`);
    const rows: Float32Array[] = [];
    for (let i = 0; i < n; i++) rows.push(l2NormalizeInPlace(data.slice(i * d, (i + 1) * d)));
    return rows;
  }

  #exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => {});
    return result;
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error(`embedder ${this.id} is closed`);
  }

  #locate(): ModelLocation {
    if (this.#location instanceof Error) throw this.#location;
    return this.#location;
  }

  #family(): Family {
    const loc = this.#locate();
    const { modelType } = readModelConfig(loc);
    const family = (FAMILIES as Record<string, Family>)[modelType];
    if (!family) {
      throw new ModelUnavailableError({
        modelId: loc.modelId,
        modelDir: loc.modelDir,
        reason: `model_type "${modelType}" is not supported (supported: ${Object.keys(FAMILIES).join(', ')})`,
      });
    }
    return family;
  }

  /** Shared lazy load; forgotten on failure so a later call can succeed once the model is installed. */
  #loadVision(): Promise<VisionTower> {
    this.#vision ??= this.#doLoadVision().catch((error: unknown) => {
      this.#vision = undefined;
      throw error;
    });
    return this.#vision;
  }

  async #doLoadVision(): Promise<VisionTower> {
    const loc = this.#locate();
    assertImageFilesPresent(loc); // fast path: no transformers.js import when files are missing
    const family = this.#family();
    let spec: ImageSpec;
    try {
      spec = imageSpecFromPreprocessorConfig(
        JSON.parse(readFileSync(loc.preprocessorConfigPath, 'utf8')) as Record<string, unknown>,
      );
    } catch (cause) {
      throw this.#unavailable(`cannot use ${loc.preprocessorConfigPath}: ${messageOf(cause)}`, cause);
    }
    const transformers = await import('@huggingface/transformers');
    const model = await this.#fromPretrained(transformers[family.visionClass], loc);
    return {
      model,
      output: family.visionOutput,
      spec,
      makeTensor: (data, dims) => new transformers.Tensor('float32', data, dims),
    };
  }

  #loadText(): Promise<TextTower> {
    this.#text ??= this.#doLoadText().catch((error: unknown) => {
      this.#text = undefined;
      throw error;
    });
    return this.#text;
  }

  async #doLoadText(): Promise<TextTower> {
    const loc = this.#locate();
    const missing = missingTextFiles(loc);
    if (missing.length > 0) throw new TextEmbeddingUnavailableError(this.#modelId, `missing ${missing.join(', ')}`);
    const family = this.#family();
    const transformers = await import('@huggingface/transformers');
    let tokenizer: unknown;
    try {
      tokenizer = await transformers.AutoTokenizer.from_pretrained(loc.root, { local_files_only: true });
    } catch (cause) {
      throw this.#unavailable(`loading the tokenizer from ${loc.root} failed: ${messageOf(cause)}`, cause);
    }
    const model = await this.#fromPretrained(transformers[family.textClass], loc);
    return { model, output: family.textOutput, tokenize: tokenizer as unknown as Tokenize };
  }

  async #fromPretrained(
    modelClass: { from_pretrained(id: string, options: Record<string, unknown>): Promise<unknown> },
    loc: ModelLocation,
  ): Promise<OnnxModel> {
    try {
      const model = await modelClass.from_pretrained(loc.root, {
        dtype: this.#dtype,
        device: 'cpu',
        local_files_only: true,
        ...(this.#threads ? { session_options: { intraOpNumThreads: this.#threads } } : {}),
      });
      return model as OnnxModel;
    } catch (cause) {
      throw this.#unavailable(`loading from ${loc.root} failed: ${messageOf(cause)}`, cause);
    }
  }

  #unavailable(reason: string, cause: unknown): ModelUnavailableError {
    return new ModelUnavailableError({ modelId: this.#modelId, modelDir: this.#modelDir, reason, cause });
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
