/**
 * Where a model's files live and which of them are present.
 *
 * Layout (the one transformers.js uses for `env.localModelPath` and its file
 * cache, so `fetchModel` output can be loaded as-is):
 *
 *   <LOUPE_MODEL_DIR>/<LOUPE_EMBED_MODEL>/config.json
 *                                        /preprocessor_config.json
 *                                        /onnx/vision_model<dtype suffix>.onnx
 *                                        /onnx/text_model<dtype suffix>.onnx   (text tower, optional)
 *                                        /tokenizer.json, tokenizer_config.json (text tower, optional)
 *
 * We look at the files ourselves rather than asking transformers.js, because a
 * missing model must fail in microseconds with a useful message, and because
 * a config that *mentions* a text tower (`text_config`) does not mean its
 * weights were downloaded.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { ModelUnavailableError } from './errors';

/** The production default: CLIP ViT-B/32, whose text tower powers text-to-image search. */
export const DEFAULT_EMBED_MODEL = 'Xenova/clip-vit-base-patch32';

/** transformers.js dtypes we accept, with the file-name suffix each one loads. */
export const DTYPE_SUFFIX = {
  fp32: '',
  fp16: '_fp16',
  q8: '_quantized',
  int8: '_int8',
  uint8: '_uint8',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
} as const;
export type EmbedDtype = keyof typeof DTYPE_SUFFIX;

/**
 * A model id is "name" or "owner/name" (Hugging Face style). Anything else —
 * absolute paths, "..", backslashes — is refused, so a setting can never make
 * us read outside LOUPE_MODEL_DIR.
 */
const MODEL_ID = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,95}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

export function isValidModelId(modelId: string): boolean {
  return MODEL_ID.test(modelId) && !modelId.includes('..') && !modelId.endsWith('.git');
}

export interface ModelLocation {
  modelId: string;
  /** LOUPE_MODEL_DIR, resolved to an absolute path. */
  modelDir: string;
  /** The model's own folder: modelDir/modelId. */
  root: string;
  dtype: EmbedDtype;
  configPath: string;
  preprocessorConfigPath: string;
  visionModelPath: string;
  textModelPath: string;
  tokenizerPaths: readonly string[];
}

export function locateModel(modelDir: string, modelId: string, dtype: EmbedDtype): ModelLocation {
  const absDir = path.resolve(modelDir);
  if (!isValidModelId(modelId)) {
    throw new ModelUnavailableError({
      modelId,
      modelDir: absDir,
      reason: `"${modelId}" is not a model id (expected "name" or "owner/name", letters, digits, ".", "_", "-")`,
    });
  }
  const root = path.join(absDir, ...modelId.split('/'));
  const suffix = DTYPE_SUFFIX[dtype];
  return {
    modelId,
    modelDir: absDir,
    root,
    dtype,
    configPath: path.join(root, 'config.json'),
    preprocessorConfigPath: path.join(root, 'preprocessor_config.json'),
    visionModelPath: path.join(root, 'onnx', `vision_model${suffix}.onnx`),
    textModelPath: path.join(root, 'onnx', `text_model${suffix}.onnx`),
    tokenizerPaths: [path.join(root, 'tokenizer.json'), path.join(root, 'tokenizer_config.json')],
  };
}

/** Files the image tower needs; the first missing one is named in the error. */
export function missingImageFiles(loc: ModelLocation): string[] {
  return [loc.configPath, loc.preprocessorConfigPath, loc.visionModelPath].filter((p) => !existsSync(p));
}

/** Files the text tower needs. Empty means text embedding can work. */
export function missingTextFiles(loc: ModelLocation): string[] {
  return [loc.textModelPath, ...loc.tokenizerPaths].filter((p) => !existsSync(p));
}

export function assertImageFilesPresent(loc: ModelLocation): void {
  const missing = missingImageFiles(loc);
  if (missing.length > 0) {
    const what = existsSync(loc.root) ? `missing ${missing.join(', ')}` : `folder ${loc.root} does not exist`;
    throw new ModelUnavailableError({ modelId: loc.modelId, modelDir: loc.modelDir, reason: what });
  }
}

/** The parts of config.json we rely on. */
export interface ModelConfig {
  modelType: string;
  /** Embedding size announced by the config (checked against real output after loading). */
  dimensions: number | undefined;
}

export function readModelConfig(loc: ModelLocation): ModelConfig {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(loc.configPath, 'utf8'));
  } catch (cause) {
    throw new ModelUnavailableError({
      modelId: loc.modelId,
      modelDir: loc.modelDir,
      reason: `cannot read ${loc.configPath}`,
      cause,
    });
  }
  const config = (json ?? {}) as Record<string, unknown>;
  const vision = (config.vision_config ?? {}) as Record<string, unknown>;
  const dims = [config.projection_dim, vision.projection_dim, config.hidden_size].find(
    (d): d is number => typeof d === 'number' && Number.isInteger(d) && d > 0,
  );
  return { modelType: typeof config.model_type === 'string' ? config.model_type : 'unknown', dimensions: dims };
}
