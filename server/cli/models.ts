import { parseArgs } from 'node:util';
import { progressPrinter } from '../platform/downloads/progress-printer';
import { DTYPE_SUFFIX, type EmbedDtype, fetchModel, ModelFetchError } from '../features/catalog';
import type { Env } from '../env';
import { UsageError } from './usage-error';

const USAGE = `npm run server -- models fetch [--dtype q8] [--no-text]
  Downloads LOUPE_EMBED_MODEL from LOUPE_MODEL_BASE_URL (the Hugging Face Hub) into LOUPE_MODEL_DIR,
  checking each file's size and digest; an interrupted fetch resumes when run again.
  --no-text skips the text tower.`;

/** `models fetch`: installs the image embedding model that similar search and imports use. */
export async function modelsCommand(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { dtype: { type: 'string', default: 'q8' }, 'no-text': { type: 'boolean', default: false } },
  });
  if (positionals[0] !== 'fetch' || positionals.length > 1) throw new UsageError(USAGE);
  if (!(values.dtype in DTYPE_SUFFIX))
    throw new UsageError(`Unknown --dtype "${values.dtype}" (one of ${Object.keys(DTYPE_SUFFIX).join(', ')})`);

  console.log(
    `Fetching ${env.LOUPE_EMBED_MODEL} (${values.dtype}) from ${env.LOUPE_MODEL_BASE_URL} into ${env.LOUPE_MODEL_DIR} …`,
  );
  const result = await fetchModel({
    modelDir: env.LOUPE_MODEL_DIR,
    modelId: env.LOUPE_EMBED_MODEL,
    dtype: values.dtype as EmbedDtype,
    baseUrl: env.LOUPE_MODEL_BASE_URL,
    token: process.env.HF_TOKEN,
    ...(values['no-text'] ? { text: false } : {}),
    onProgress: progressPrinter(),
  }).catch((error: unknown) => {
    if (error instanceof ModelFetchError && error.resumable)
      throw new ModelFetchError(`${error.message}. What arrived is kept: run the command again to resume.`, true, {
        cause: error,
      });
    throw error;
  });
  console.log(`Model ready in ${result.root}.`);
  console.log(
    result.textTower
      ? 'Text tower installed: keyword search blends in text-to-image similarity.'
      : `No text tower (${result.textTowerNote ?? 'none'}): keyword search uses full-text search alone.`,
  );
}
