import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_EMBED_MODEL, DEFAULT_MODEL_BASE_URL, isValidModelId } from './features/catalog';
import { OFFICIAL_TRUST_LIST_URLS } from './features/provenance';
import { ConfigError } from './platform/config-error';
import { isValidProxyEntry } from './platform/http/client-address';
import { DEFAULT_CORS_ORIGINS, isValidOriginPattern } from './platform/http/cors';

/** A whole number setting within bounds, with a message that says so. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(min, `must be between ${min} and ${max}`)
    .max(max, `must be between ${min} and ${max}`)
    .default(fallback);

/** An http(s) URL setting, with a message that says so. */
const httpUrl = (fallback: string) =>
  z
    .string()
    .refine(
      (value) => ['http:', 'https:'].includes(URL.parse(value)?.protocol ?? ''),
      'must be an http:// or https:// URL',
    )
    .default(fallback);

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
  /** Connections in the PostgreSQL pool (per server process). */
  DATABASE_POOL_SIZE: wholeNumber(1, 1000, 10),
  /** Requests a minute each API token may make (sustained); 0 turns rate limiting off. */
  LOUPE_RATE_LIMIT_PER_MINUTE: wholeNumber(0, 1_000_000, 600),
  /** Requests a token may make at once after being idle. */
  LOUPE_RATE_LIMIT_BURST: wholeNumber(1, 1_000_000, 60),
  /** Requests presenting a bearer token that is not valid, a minute, each client address may make (sustained); 0 turns this off. */
  LOUPE_AUTH_FAILURES_PER_MINUTE: wholeNumber(0, 1_000_000, 30),
  /** Such requests a client address may make at once. */
  LOUPE_AUTH_FAILURE_BURST: wholeNumber(1, 1_000_000, 30),
  /**
   * Proxies whose X-Forwarded-For is believed, for the client address (IP addresses or CIDR
   * ranges, comma-separated). Unset: the header is ignored and the TCP peer is the client.
   */
  LOUPE_TRUSTED_PROXIES: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter(Boolean),
    )
    .refine(
      (entries) => entries.every(isValidProxyEntry),
      'must be IP addresses or CIDR ranges (10.0.0.0/8, fd00::/8), comma-separated',
    )
    .default([]),
  /** Image analyses (provenance, similar search) running at once; the rest wait in line. */
  LOUPE_IMAGE_WORK_CONCURRENCY: wholeNumber(1, 256, 2),
  /** Image analyses that may wait for a slot; beyond that the API answers 503 with Retry-After. */
  LOUPE_IMAGE_WORK_QUEUE: wholeNumber(0, 10_000, 32),
  /** Places in the image-work line (running plus waiting) one token may hold; default half the line. */
  LOUPE_IMAGE_WORK_PER_TOKEN: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 10000')
    .max(10_000, 'must be between 1 and 10000')
    .optional(),
  /** Origins allowed to read API answers cross-origin: exact origins or `scheme://*`, comma-separated. */
  LOUPE_CORS_ORIGINS: z
    .string()
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    )
    .refine(
      (origins) => origins.every(isValidOriginPattern),
      'must be origins like chrome-extension://ID or https://host:port, or scheme://* (comma-separated; no paths, no bare *)',
    )
    .default([...DEFAULT_CORS_ORIGINS]),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where image embedding models live (`<dir>/<model id>/…`); default `<LOUPE_DATA_DIR>/models`. */
  LOUPE_MODEL_DIR: z.string().min(1).optional(),
  /** The embedding model inside LOUPE_MODEL_DIR; default the embedder's DEFAULT_EMBED_MODEL (CLIP ViT-B/32). */
  LOUPE_EMBED_MODEL: z
    .string()
    .refine(isValidModelId, 'must be a model id: "name" or "owner/name" (letters, digits, ".", "_", "-")')
    .default(DEFAULT_EMBED_MODEL),
  /** Where models are downloaded from: the Hub or a mirror with its URL layout (`{base}/{model}/resolve/{revision}/{file}`). */
  LOUPE_MODEL_BASE_URL: httpUrl(DEFAULT_MODEL_BASE_URL).transform((value) => value.replace(/\/+$/, '')),
  /** Where `trust update` (and `npm start`'s first run) get the C2PA trust list and the TSA trust list. */
  LOUPE_TRUST_ANCHORS_URL: httpUrl(OFFICIAL_TRUST_LIST_URLS.anchors),
  LOUPE_TRUST_TSA_URL: httpUrl(OFFICIAL_TRUST_LIST_URLS.tsa),
  /** `npm start` downloads nothing: it starts at once and says what is missing. */
  LOUPE_OFFLINE: z
    .enum(['1', '0', 'true', 'false'], { error: 'must be 1 or 0 (true or false)' })
    .default('0')
    .transform((value) => value === '1' || value === 'true'),
  /** C2PA trust anchors: comma-separated PEM files (signer and TSA anchors). Read at start; see server/features/provenance/trust.ts. */
  LOUPE_TRUST_ANCHORS: z
    .string()
    .refine(
      (value) => value.split(',').some((file) => file.trim() !== ''),
      'must be one or more PEM file paths, separated by commas',
    )
    .optional(),
  /** Allowed certificate key usages for C2PA signers, in c2pa-rs store.cfg format. */
  LOUPE_TRUST_CONFIG: z.string().optional(),
  /** Let `POST /v1/provenance {url}` fetch private and loopback addresses. Development and tests only. */
  LOUPE_FETCH_ALLOW_PRIVATE: z
    .enum(['true', 'false'], { error: 'must be "true" or "false" (true is for development and tests only)' })
    .default('false')
    .transform((value) => value === 'true'),
  /** Followed shops: the pause between two requests to one shop's host (milliseconds, default 1000). */
  LOUPE_SHOP_REQUEST_DELAY_MS: wholeNumber(0, 600_000, 1000),
  /** Followed shops: products read from one shop at most (default 5000). */
  LOUPE_SHOP_MAX_PRODUCTS: wholeNumber(1, 1_000_000, 5000),
  /** Followed shops: hours between two refreshes of a shop (default 24: daily). */
  LOUPE_SHOP_REFRESH_HOURS: wholeNumber(1, 24 * 365, 24),
  /** Followed shops: a run whose process has not beaten its heartbeat for this long is taken over (ms, default 120000). */
  LOUPE_SHOP_STALE_AFTER_MS: wholeNumber(300, 24 * 60 * 60 * 1000, 120_000),
  /** Followed shops: how often an idle server process looks for shops due or left behind (ms, default 10000). */
  LOUPE_SHOP_POLL_MS: wholeNumber(50, 60 * 60 * 1000, 10_000),
  /** Milliseconds `POST /v1/provenance` waits for full C2PA validation before answering provisionally (default 1000). */
  LOUPE_PROVENANCE_PROVISIONAL_MS: z.coerce
    .number({ error: 'must be a number of milliseconds' })
    .int('must be a whole number of milliseconds')
    .min(0, 'must be 0 or more milliseconds')
    .optional(),
});

export type Env = Omit<z.infer<typeof EnvSchema>, 'LOUPE_DATA_DIR' | 'LOUPE_MODEL_DIR'> & {
  LOUPE_DATA_DIR: string;
  LOUPE_MODEL_DIR: string;
};

export { ConfigError };

/** Reads and validates the environment; empty strings count as unset, as a shell user expects. */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(present[String(issue.path[0])])})`,
    );
    throw new ConfigError(`Loupe cannot start: invalid configuration\n${lines.join('\n')}`);
  }
  const dataDir = path.resolve(parsed.data.LOUPE_DATA_DIR);
  return {
    ...parsed.data,
    LOUPE_DATA_DIR: dataDir,
    LOUPE_MODEL_DIR: path.resolve(parsed.data.LOUPE_MODEL_DIR ?? path.join(dataDir, 'models')),
  };
}
