/**
 * `npm run server -- models fetch`: download an embedding model from the
 * Hugging Face Hub into LOUPE_MODEL_DIR, in the layout the embedder reads.
 *
 * It lets transformers.js do the downloading (same URLs, auth via HF_TOKEN,
 * same dtype → file-name rules as at load time) with `cache_dir` set to the
 * model dir: its file cache stores `<cache_dir>/<model id>/<file>`, which is
 * exactly `env.localModelPath` layout. Files already present are not fetched
 * again, and each file is written to a temp name then renamed, so an
 * interrupted fetch never leaves a truncated model behind.
 *
 * Loading each tower once after download also proves the files work before
 * the command reports success.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';

import {
  DEFAULT_EMBED_MODEL,
  DTYPE_SUFFIX,
  isValidModelId,
  locateModel,
  missingImageFiles,
  missingTextFiles,
  type EmbedDtype,
} from './model-files';

export interface FetchModelOptions {
  /** LOUPE_MODEL_DIR; created if missing. */
  modelDir: string;
  /** LOUPE_EMBED_MODEL; default Xenova/clip-vit-base-patch32. */
  modelId?: string;
  /** Default q8, the embedder's default. */
  dtype?: EmbedDtype;
  /**
   * `true`: the text tower is required (fail without it). `false`: skip it.
   * Default: fetch it when the model family has one, report if the repo lacks it.
   */
  text?: boolean;
  /** Download progress, e.g. to draw a progress line in the CLI. */
  onProgress?: (event: { file: string; status: string; progress?: number }) => void;
}

export interface FetchModelResult {
  modelId: string;
  /** Absolute folder the model now lives in (modelDir/modelId). */
  root: string;
  textTower: boolean;
  /** Why there is no text tower, when there is none. */
  textTowerNote?: string;
}

/** Wrong arguments: reported before anything touches the network or the disk. */
export class FetchModelArgumentError extends Error {
  override readonly name = 'FetchModelArgumentError';
}

/** Model families whose text tower we know how to fetch (same table as the embedder). */
const TEXT_TOWER_CLASS: Record<string, 'CLIPTextModelWithProjection'> = { clip: 'CLIPTextModelWithProjection' };
const VISION_CLASS: Record<string, 'CLIPVisionModelWithProjection'> = { clip: 'CLIPVisionModelWithProjection' };

export function validateFetchModelOptions(options: FetchModelOptions): Required<Pick<FetchModelOptions, 'modelDir' | 'modelId' | 'dtype'>> {
  const modelId = options.modelId ?? DEFAULT_EMBED_MODEL;
  const dtype = options.dtype ?? 'q8';
  if (typeof options.modelDir !== 'string' || options.modelDir.trim() === '') {
    throw new FetchModelArgumentError('LOUPE_MODEL_DIR is empty: set it to the folder where models should be stored');
  }
  if (!isValidModelId(modelId)) {
    throw new FetchModelArgumentError(`"${modelId}" is not a Hugging Face model id (expected "owner/name")`);
  }
  if (!(dtype in DTYPE_SUFFIX)) {
    throw new FetchModelArgumentError(`unknown dtype "${dtype}" (one of ${Object.keys(DTYPE_SUFFIX).join(', ')})`);
  }
  return { modelDir: path.resolve(options.modelDir), modelId, dtype };
}

export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const { modelDir, modelId, dtype } = validateFetchModelOptions(options);
  await mkdir(modelDir, { recursive: true });

  const transformers = await import('@huggingface/transformers');
  const { env } = transformers;
  const previous = { allowRemoteModels: env.allowRemoteModels, allowLocalModels: env.allowLocalModels };
  // The one place Loupe allows downloads; restored below so nothing else in the process starts downloading.
  env.allowRemoteModels = true;
  env.allowLocalModels = true;
  const onProgress = options.onProgress;
  const common = {
    cache_dir: modelDir,
    ...(onProgress
      ? {
          progress_callback: (info: { status: string; file?: string; progress?: number }) => {
            if (info.file) onProgress({ file: info.file, status: info.status, ...(info.progress !== undefined ? { progress: info.progress } : {}) });
          },
        }
      : {}),
  };
  try {
    const config = await transformers.AutoConfig.from_pretrained(modelId, common);
    const modelType = config.model_type ?? 'unknown';
    const visionClass = VISION_CLASS[modelType];
    if (!visionClass) throw new Error(`model_type "${modelType}" of ${modelId} is not supported (supported: ${Object.keys(VISION_CLASS).join(', ')})`);

    await transformers.AutoImageProcessor.from_pretrained(modelId, common);
    const vision = await transformers[visionClass].from_pretrained(modelId, { ...common, dtype, device: 'cpu' });
    await vision.dispose();

    let textTowerNote: string | undefined;
    const textClass = TEXT_TOWER_CLASS[modelType];
    if (options.text === false) {
      textTowerNote = 'skipped on request';
    } else if (!textClass) {
      textTowerNote = `model_type "${modelType}" has no text tower Loupe can use`;
    } else {
      try {
        await transformers.AutoTokenizer.from_pretrained(modelId, common);
        const text = await transformers[textClass].from_pretrained(modelId, { ...common, dtype, device: 'cpu' });
        await text.dispose();
      } catch (error) {
        if (options.text === true) throw error;
        textTowerNote = `text tower not available from ${modelId}: ${error instanceof Error ? error.message : String(error)}`;
      }
    }

    // Prove the files landed where the embedder will look for them.
    const loc = locateModel(modelDir, modelId, dtype);
    const missing = missingImageFiles(loc);
    if (missing.length > 0) throw new Error(`download finished but ${missing.join(', ')} is missing`);
    const textTower = textTowerNote === undefined && missingTextFiles(loc).length === 0;
    return { modelId, root: loc.root, textTower, ...(textTower ? {} : { textTowerNote: textTowerNote ?? 'text tower files missing after download' }) };
  } finally {
    env.allowRemoteModels = previous.allowRemoteModels;
    env.allowLocalModels = previous.allowLocalModels;
  }
}
