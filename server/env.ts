import path from 'node:path';
import { z } from 'zod';

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
});

export type Env = Omit<z.infer<typeof EnvSchema>, 'LOUPE_DATA_DIR'> & { LOUPE_DATA_DIR: string };

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
  return { ...parsed.data, LOUPE_DATA_DIR: path.resolve(parsed.data.LOUPE_DATA_DIR) };
}
