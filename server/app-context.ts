import type { DatabaseHandle } from './platform/db/open-database';
import { createRouter as createPlatformRouter } from './platform/http/router';
import type { Logger } from './platform/logger';
import { type BoardsRepository, createBoardsRepository } from './features/boards/boards.repository';
import { createPinEnrichment, type PinEnrichment } from './features/pins/pin-enrichment';
import { createPinsRepository, type PinsRepository } from './features/pins/pins.repository';
import { type ProvenanceSettings, provenanceSettings } from './features/provenance/api/provenance.settings';
import { createProvenanceUrlMemory, type ProvenanceUrlMemory } from './features/provenance/api/url-memory';
import { createUsersRepository, type UsersRepository } from './features/users/users-repository';
import { type Catalog, type CatalogSettings, catalogSettings, createCatalog } from './features/catalog/catalog-service';
import { DEFAULT_CORS_ORIGINS } from './platform/http/cors';
import { createRateLimiter, type RateLimitSettings } from './platform/limits/rate-limiter';
import { createWorkLimiter, type WorkLimitSettings } from './platform/limits/work-limiter';
import { type AuthFailureSettings, createAuthFailureGuard } from './platform/limits/auth-failures';
import { trustedProxyList } from './platform/http/client-address';
import type { PlatformDeps, PlatformEnv } from './platform/http/platform-env';
import type { TokenCache } from './platform/auth/token-cache';

/** What handlers need from the running server. Passed in, never imported, so tests build their own. */
export interface AppDeps extends PlatformDeps {
  users: UsersRepository;
  boards: BoardsRepository;
  pins: PinsRepository;
  /** Size, colours and provenance of newly saved images, looked up in the background. */
  pinEnrichment: PinEnrichment;
  /** Trust lists and fetch limits for POST /v1/provenance (defaults: no trust list, public addresses only). */
  provenance: ProvenanceSettings;
  /** The images each user's recent `POST /v1/provenance {url}` requests fetched, to answer repeats from the cache. */
  provenanceUrls: ProvenanceUrlMemory;
  /** Catalogue imports and product search (default: no embedding model, public addresses only). */
  catalog: Catalog;
}

/** Limits and origins a server is started with; defaults are what an unconfigured server uses. */
export interface GuardSettings {
  rateLimit: RateLimitSettings;
  authFailures: AuthFailureSettings;
  /** IP addresses and CIDR ranges. */
  trustedProxies: readonly string[];
  imageWork: WorkLimitSettings;
  corsOrigins: readonly string[];
}

export const GUARD_DEFAULTS: GuardSettings = {
  rateLimit: { perMinute: 600, burst: 60 },
  authFailures: { perMinute: 30, burst: 30 },
  trustedProxies: [],
  imageWork: { concurrency: 2, queue: 32 },
  corsOrigins: DEFAULT_CORS_ORIGINS,
};

/** The dependencies of a server over one open database. */
export function createAppDeps(
  database: DatabaseHandle,
  logger: Logger,
  options: { provenance?: Partial<ProvenanceSettings>; catalog?: Partial<CatalogSettings>; guards?: Partial<GuardSettings>; tokenCache?: TokenCache } = {},
): AppDeps {
  const provenance = provenanceSettings(options.provenance);
  const guards = { ...GUARD_DEFAULTS, ...options.guards };
  return {
    database,
    logger,
    users: createUsersRepository(database.db, { tokenCache: options.tokenCache }),
    boards: createBoardsRepository(database.db),
    pins: createPinsRepository(database.db),
    pinEnrichment: createPinEnrichment(database.db, provenance, logger),
    provenance,
    provenanceUrls: createProvenanceUrlMemory(),
    catalog: createCatalog(database.db, catalogSettings(options.catalog), logger),
    limits: { rateLimiter: createRateLimiter(guards.rateLimit), authFailures: createAuthFailureGuard(guards.authFailures), imageWork: createWorkLimiter(guards.imageWork) },
    trustedProxies: trustedProxyList(guards.trustedProxies),
    corsOrigins: guards.corsOrigins,
  };
}

export type AppEnv = PlatformEnv<AppDeps>;

/** A feature's router: request validation failures become 400 problem responses. */
export const createRouter = () => createPlatformRouter<AppEnv>();
export type AppRouter = ReturnType<typeof createRouter>;
