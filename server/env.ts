import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_EMBED_MODEL, isValidModelId } from './embeddings/model-files';

/**
 * Every setting Loupe's backend reads from its environment, validated once at
 * start. A bad value stops the server with a message that names the setting,
 * instead of failing later in some unrelated place.
 */
const EnvSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(0, 'must be between 0 and 65535 (0 picks a free port)')
    .max(65535, 'must be between 0 and 65535 (0 picks a free port)')
    .default(8787),
  LOUPE_DATA_DIR: z.string().min(1).default('./.loupe'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where image embedding models live (`<dir>/<model id>/…`); default `<LOUPE_DATA_DIR>/models`. */
  LOUPE_MODEL_DIR: z.string().min(1).optional(),
  /** The embedding model inside LOUPE_MODEL_DIR; default the embedder's DEFAULT_EMBED_MODEL (CLIP ViT-B/32). */
  LOUPE_EMBED_MODEL: z
    .string()
    .refine(isValidModelId, 'must be a model id: "name" or "owner/name" (letters, digits, ".", "_", "-")')
    .default(DEFAULT_EMBED_MODEL),
  /** C2PA trust anchors: comma-separated PEM files (signer and TSA anchors). Read at start; see server/routes/provenance/provenance.settings.ts. */
  LOUPE_TRUST_ANCHORS: z
    .string()
    .refine((value) => value.split(',').some((file) => file.trim() !== ''), 'must be one or more PEM file paths, separated by commas')
    .optional(),
  /** Allowed certificate key usages for C2PA signers, in c2pa-rs store.cfg format. */
  LOUPE_TRUST_CONFIG: z.string().optional(),
  /** Let `POST /v1/provenance {url}` fetch private and loopback addresses. Development and tests only. */
  LOUPE_FETCH_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { error: 'must be "true" or "false" (true is for development and tests only)' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Milliseconds `POST /v1/provenance` waits for full C2PA validation before answering provisionally (default 1000). */
  LOUPE_PROVENANCE_PROVISIONAL_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 or more milliseconds')
    .optional(),
});

export type Env = Omit<z.infer<typeof EnvSchema>, 'LOUPE_DATA_DIR' | 'LOUPE_MODEL_DIR'> & { LOUPE_DATA_DIR: string; LOUPE_MODEL_DIR: string };

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; empty strings count as unset, as a shell user expects. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(present[String(issue.path[0])])})`);
    throw new ConfigError(`Loupe cannot start: invalid configuration\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.LOUPE_DATA_DIR);
  return { ...parsed.data, LOUPE_DATA_DIR: dataDir, LOUPE_MODEL_DIR: path.resolve(parsed.data.LOUPE_MODEL_DIR ?? path.join(dataDir, 'models')) };
}
