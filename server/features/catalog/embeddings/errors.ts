/**
 * Errors the embeddings library throws on purpose. Each carries enough for the
 * API to pick a status code without parsing messages:
 * - ModelUnavailableError → 503 (the server works, image search does not until the model is installed)
 * - ImageRejectedError → 400 / 413 (the caller sent something we will not decode)
 * - TextEmbeddingUnavailableError → 501/503 (this model has no text tower)
 */

/** The one sentence every "no model" message ends with, so users always learn the fix. */
export function howToGetModel(modelId: string, modelDir: string): string {
  return (
    `Get it with \`npm run server -- models fetch\` (downloads "${modelId}" into LOUPE_MODEL_DIR=${modelDir}), ` +
    `or set LOUPE_MODEL_DIR / LOUPE_EMBED_MODEL to a model that is already on disk.`
  );
}

export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
  readonly modelId: string;
  readonly modelDir: string;
  /** What exactly is wrong (a missing file, an unreadable config, ...), without the how-to. */
  readonly reason: string;

  constructor(args: { modelId: string; modelDir: string; reason: string; cause?: unknown }) {
    super(
      `Image embedding model "${args.modelId}" is not available: ${args.reason}. ${howToGetModel(args.modelId, args.modelDir)}`,
      args.cause === undefined ? undefined : { cause: args.cause },
    );
    this.modelId = args.modelId;
    this.modelDir = args.modelDir;
    this.reason = args.reason;
  }
}

export type ImageRejection = 'empty' | 'undecodable' | 'too_large';

export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';
  readonly rejection: ImageRejection;

  constructor(rejection: ImageRejection, detail: string, cause?: unknown) {
    super(detail, cause === undefined ? undefined : { cause });
    this.rejection = rejection;
  }
}

export class TextEmbeddingUnavailableError extends Error {
  override readonly name = 'TextEmbeddingUnavailableError';

  constructor(modelId: string, reason: string) {
    super(
      `Model "${modelId}" cannot embed text: ${reason}. Text-to-image search needs a CLIP-family model with its text tower (e.g. Xenova/clip-vit-base-patch32).`,
    );
  }
}
