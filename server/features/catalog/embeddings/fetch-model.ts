/**
 * `npm run server -- models fetch` (and `npm start`'s first run): download an embedding model from
 * the Hugging Face Hub (LOUPE_MODEL_BASE_URL) into LOUPE_MODEL_DIR, in the layout the embedder reads
 * (`<dir>/<model id>/…`, see model-files.ts).
 *
 * It fetches exactly the files the embedder loads, each through the one downloader
 * (server/platform/downloads): resumable with Range, checked against the size and digest the Hub announces
 * (hub-files.ts), installed by an atomic rename. transformers.js used to download here; its
 * downloads cannot resume, check no digest, and it decides itself which files to get.
 *
 * The vision graph is installed last among the image files (and the text graph last among the
 * text files): a server running meanwhile sees no model, then a whole one, and picks it up on the
 * next request. Files already on disk are not fetched again. Loading the model once at the end
 * proves the files work before the command reports success.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { type DownloadProgress, DownloadError, downloadFile } from '../../../platform/downloads/download-file';
import { DEFAULT_MODEL_BASE_URL, HubRequestError, hubFile } from './hub-files';
import {
  DEFAULT_EMBED_MODEL,
  DTYPE_SUFFIX,
  isValidModelId,
  locateModel,
  missingImageFiles,
  missingTextFiles,
  type EmbedDtype,
} from './model-files';
import { createImageEmbedder } from './transformers-embedder';

export interface ModelFileProgress extends Partial<DownloadProgress> {
  /** Path inside the model repo, e.g. `onnx/vision_model_quantized.onnx`. */
  file: string;
  /** `present`: already on disk, not fetched. */
  status: 'present' | 'start' | 'progress' | 'done';
  /** On `done`: what the file was checked against ("sha256", "git blob id"), if the server offered a digest. */
  checkedBy?: string;
}

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
  /** LOUPE_MODEL_BASE_URL: the Hub or a mirror with its layout; default https://huggingface.co. */
  baseUrl?: string;
  /** Git revision (branch, tag or commit); default main. */
  revision?: string;
  /** HF_TOKEN, for private or gated models: sent to the base URL only. */
  token?: string | undefined;
  /** Download progress, e.g. to draw a progress line. */
  onProgress?: (event: ModelFileProgress) => void;
  signal?: AbortSignal;
}

export interface FetchModelResult {
  modelId: string;
  /** Absolute folder the model now lives in (modelDir/modelId). */
  root: string;
  textTower: boolean;
  /** Why there is no text tower, when there is none. */
  textTowerNote?: string;
  /** Bytes downloaded by this call. */
  downloaded: number;
}

/** Wrong arguments: reported before anything touches the network or the disk. */
export class FetchModelArgumentError extends Error {
  override readonly name = 'FetchModelArgumentError';
}

/** The model could not be fetched. `resumable`: a part was kept, and the next try continues it. */
export class ModelFetchError extends Error {
  override readonly name = 'ModelFetchError';
  constructor(
    message: string,
    readonly resumable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Model families Loupe can run, and whether each has a text tower (same table as the embedder). */
const FAMILIES: Record<string, { text: boolean }> = { clip: { text: true } };

export function validateFetchModelOptions(
  options: FetchModelOptions,
): Required<Pick<FetchModelOptions, 'modelDir' | 'modelId' | 'dtype'>> {
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

/** The ONNX graph and its external-data chunks (data first: the graph is what makes the tower "present"), as transformers.js names them. */
function graphFiles(
  config: Record<string, unknown>,
  tower: 'vision_model' | 'text_model',
  dtype: EmbedDtype,
): string[] {
  const graph = `${tower}${DTYPE_SUFFIX[dtype]}.onnx`;
  const external = (config['transformers.js_config'] as { use_external_data_format?: unknown } | undefined)
    ?.use_external_data_format;
  const chunks =
    external && typeof external === 'object'
      ? Number((external as Record<string, unknown>)[graph] ?? (external as Record<string, unknown>)[tower] ?? 0)
      : Number(external ?? 0);
  const data = Array.from(
    { length: Number.isInteger(chunks) && chunks > 0 ? chunks : 0 },
    (_, i) => `onnx/${graph}_data${i === 0 ? '' : `_${i}`}`,
  );
  return [...data, `onnx/${graph}`];
}

export async function fetchModel(options: FetchModelOptions): Promise<FetchModelResult> {
  const { modelDir, modelId, dtype } = validateFetchModelOptions(options);
  const baseUrl = (options.baseUrl ?? DEFAULT_MODEL_BASE_URL).replace(/\/+$/, '');
  const headers: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  const loc = locateModel(modelDir, modelId, dtype);
  await mkdir(loc.root, { recursive: true });
  let revision = options.revision ?? 'main';
  let downloaded = 0;

  /** Gets one file unless it is on disk; false when the repo has no such file. */
  const ensure = async (file: string): Promise<boolean> => {
    const dest = path.join(loc.root, ...file.split('/'));
    if (existsSync(dest)) {
      options.onProgress?.({ file, status: 'present' });
      return true;
    }
    let remote;
    try {
      remote = await hubFile({
        baseUrl,
        modelId,
        revision,
        file,
        headers,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (error instanceof HubRequestError)
        throw new ModelFetchError(`Could not fetch ${modelId}: ${error.message}`, false, { cause: error });
      throw error;
    }
    if (!remote) return false;
    // Every further file from the commit the first one came from: a push meanwhile cannot mix versions.
    if (remote.commit && revision !== remote.commit) revision = remote.commit;
    options.onProgress?.({ file, status: 'start', received: 0, total: remote.expected.size, resumedFrom: 0 });
    try {
      const result = await downloadFile({
        url: remote.url,
        dest,
        expected: remote.expected,
        headers,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) => options.onProgress?.({ file, status: 'progress', ...progress }),
      });
      downloaded += result.bytes - result.resumedFrom;
      const checkedBy = remote.expected.sha256 ? 'sha256' : remote.expected.gitBlobSha1 ? 'git blob id' : undefined;
      options.onProgress?.({
        file,
        status: 'done',
        received: result.bytes,
        total: result.bytes,
        resumedFrom: result.resumedFrom,
        ...(checkedBy ? { checkedBy } : {}),
      });
    } catch (error) {
      if (!(error instanceof DownloadError)) throw error;
      throw new ModelFetchError(
        `Could not download ${file} of ${modelId} from ${remote.url}: ${error.message}`,
        error.resumable,
        { cause: error },
      );
    }
    return true;
  };
  const needed = async (file: string) => {
    if (!(await ensure(file)))
      throw new ModelFetchError(
        `${modelId} has no ${file} at ${baseUrl} (is the model id right, and does it have ONNX weights for dtype ${dtype}?)`,
      );
  };

  await needed('config.json');
  const config = JSON.parse(await readFile(loc.configPath, 'utf8')) as Record<string, unknown>;
  const modelType = typeof config.model_type === 'string' ? config.model_type : 'unknown';
  const family = FAMILIES[modelType];
  if (!family)
    throw new ModelFetchError(
      `model_type "${modelType}" of ${modelId} is not supported (supported: ${Object.keys(FAMILIES).join(', ')})`,
    );

  await needed('preprocessor_config.json');
  for (const file of graphFiles(config, 'vision_model', dtype)) await needed(file);

  let textTowerNote: string | undefined;
  if (options.text === false) {
    textTowerNote = 'skipped on request';
  } else if (!family.text) {
    textTowerNote = `model_type "${modelType}" has no text tower Loupe can use`;
  } else {
    for (const file of ['tokenizer.json', 'tokenizer_config.json', ...graphFiles(config, 'text_model', dtype)]) {
      if (await ensure(file)) continue;
      if (options.text === true)
        throw new ModelFetchError(`${modelId} has no text tower: ${file} is missing at ${baseUrl}`);
      textTowerNote = `text tower not available from ${modelId}: it has no ${file}`;
      break;
    }
  }

  const missing = missingImageFiles(loc);
  if (missing.length > 0) throw new ModelFetchError(`download finished but ${missing.join(', ')} is missing`);
  const textTower = textTowerNote === undefined && missingTextFiles(loc).length === 0;
  await proveItLoads(modelDir, modelId, dtype, textTower);
  return {
    modelId,
    root: loc.root,
    textTower,
    downloaded,
    ...(textTower ? {} : { textTowerNote: textTowerNote ?? 'text tower files missing after download' }),
  };
}

/** Loads the model as the server will, embeds a tiny image (and a word), and frees it again. */
async function proveItLoads(modelDir: string, modelId: string, dtype: EmbedDtype, textTower: boolean) {
  const sharp = (await import('sharp')).default;
  const image = await sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .png()
    .toBuffer();
  const embedder = createImageEmbedder({ modelDir, modelId, dtype });
  try {
    await embedder.embedImage(image);
    if (textTower) await embedder.embedText?.('a red shoe');
  } catch (error) {
    throw new ModelFetchError(
      `${modelId} was downloaded but does not load: ${error instanceof Error ? error.message : String(error)}`,
      false,
      { cause: error },
    );
  } finally {
    await embedder.close();
  }
}
