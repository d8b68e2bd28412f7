import type { DatabaseHandle } from './platform/db/open-database';
import type { Logger } from './platform/logger';
import { type BoardsDeps, createBoardsDeps } from './features/boards';
import { createPinsDeps, type PinsDeps } from './features/pins';
import {
  createProvenanceDeps,
  type ProvenanceDeps,
  type ProvenanceSettings,
  provenanceSettings,
} from './features/provenance';
import { createUsersDeps, type UsersDeps } from './features/users';
import { type CatalogDeps, type CatalogSettings, catalogSettings, createCatalogDeps } from './features/catalog';
import { createShopsDeps, type ShopsDeps, type ShopsSettings, shopsSettings } from './features/shops';
import { DEFAULT_CORS_ORIGINS } from './platform/http/cors';
import { createRateLimiter, type RateLimitSettings } from './platform/limits/rate-limiter';
import { createImageWorkLine, type WorkLimitSettings } from './platform/limits/work-limiter';
import { type AuthFailureSettings, createAuthFailureGuard } from './platform/limits/auth-failures';
import { trustedProxyList } from './platform/http/client-address';
import type { PlatformDeps, PlatformEnv } from './platform/http/platform-env';
import type { TokenCache } from './platform/auth/token-cache';

/**
 * What handlers need from the running server: the platform's, and each feature's part (built by
 * the feature's `create…Deps`). Passed in, never imported, so tests build their own.
 */
export interface AppDeps extends PlatformDeps, UsersDeps, BoardsDeps, PinsDeps, ProvenanceDeps, CatalogDeps, ShopsDeps {
  /** The users feature answers the platform's token lookups. */
  users: UsersDeps['users'];
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

/** The dependencies of a server over one open database. Every call makes its own caches: two apps in one process share none. */
export function createAppDeps(
  database: DatabaseHandle,
  logger: Logger,
  options: {
    provenance?: Partial<ProvenanceSettings>;
    catalog?: Partial<CatalogSettings>;
    shops?: Partial<ShopsSettings>;
    guards?: Partial<GuardSettings>;
    tokenCache?: TokenCache;
  } = {},
): AppDeps {
  const provenance = createProvenanceDeps(provenanceSettings(options.provenance));
  const guards = { ...GUARD_DEFAULTS, ...options.guards };
  const catalog = createCatalogDeps(database.db, catalogSettings(options.catalog), logger);
  // Shops are read with the catalogue's reach (private addresses only where it may fetch them) and its embedder.
  const shops = shopsSettings({ fetchAllowPrivate: catalog.catalog.settings.fetchAllowPrivate, ...options.shops });
  return {
    database,
    logger,
    ...createUsersDeps(database.db, { tokenCache: options.tokenCache }),
    ...createBoardsDeps(database.db),
    ...createPinsDeps(database.db, provenance, catalog.catalog, logger),
    ...provenance,
    ...catalog,
    ...createShopsDeps(database.db, shops, catalog.catalog.embedder, logger),
    limits: {
      rateLimiter: createRateLimiter(guards.rateLimit),
      authFailures: createAuthFailureGuard(guards.authFailures),
      ...imageWorkLimits(guards.imageWork),
    },
    trustedProxies: trustedProxyList(guards.trustedProxies),
    corsOrigins: guards.corsOrigins,
  };
}

const imageWorkLimits = (settings: WorkLimitSettings) => {
  const { places, slots } = createImageWorkLine(settings);
  return { imageWork: places, imageSlots: slots };
};

export type AppEnv = PlatformEnv<AppDeps>;
