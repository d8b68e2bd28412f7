/**
 * Image (and text) embeddings for "find where to buy what you see".
 *
 *   const embedder = createImageEmbedder({ modelDir: env.LOUPE_MODEL_DIR, modelId: env.LOUPE_EMBED_MODEL });
 *   const vector = await embedder.embedImage(bytes); // Float32Array, unit length, embedder.dimensions long
 *
 * Errors to map in the API: ModelUnavailableError → 503, ImageRejectedError → 400 (413 for 'too_large'),
 * TextEmbeddingUnavailableError → 501.
 */
export type { EmbedderSettings, ImageEmbedder } from './types';
export { createImageEmbedder } from './transformers-embedder';
export { fetchModel, validateFetchModelOptions, FetchModelArgumentError, ModelFetchError } from './fetch-model';
export type { FetchModelOptions, FetchModelResult, ModelFileProgress } from './fetch-model';
export { ModelUnavailableError, ImageRejectedError, TextEmbeddingUnavailableError, howToGetModel } from './errors';
export type { ImageRejection } from './errors';
export { DEFAULT_EMBED_MODEL, DTYPE_SUFFIX, isValidModelId, locateModel, missingImageFiles } from './model-files';
export { DEFAULT_MODEL_BASE_URL } from './hub-files';
export type { EmbedDtype } from './model-files';
export { DEFAULT_MAX_INPUT_PIXELS } from './preprocess';
export { cropToRegion, MIN_REGION_PIXELS } from './crop';
export { cosineSimilarity, dot, l2NormalizeInPlace } from './vector';
