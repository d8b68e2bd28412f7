/**
 * Followed shops: a person follows a shop, and its products join their
 * catalogue, read in the background and refreshed on a schedule. What the rest
 * of the server may use of it: its router, its part of the app's dependencies,
 * its body limits, and what the `shops` command runs.
 */
import type { AppEnv } from '../../app-context';
import type { Database } from '../../platform/db/open-database';
import type { BodyLimit } from '../../platform/http/limits';
import { createRouter } from '../../platform/http/router';
import type { Logger } from '../../platform/logger';
import type { ImageEmbedder } from '../catalog';
import { createShopRunner, type ShopRunner } from './shop-runner';
import * as handlers from './shops.handlers';
import { createShopsRepository, type ShopsRepository } from './shops.repository';
import * as routes from './shops.routes';
import type { ShopsSettings } from './settings';

export const shopsRouter = createRouter<AppEnv>()
  .openapi(routes.followShop, handlers.follow)
  .openapi(routes.listShops, handlers.list)
  .openapi(routes.getShop, handlers.get)
  .openapi(routes.refreshShop, handlers.refresh)
  .openapi(routes.unfollowShop, handlers.unfollow);

export interface ShopsDeps {
  shops: { repository: ShopsRepository; runner: ShopRunner; settings: ShopsSettings };
}

/** The runner does not poll until `runner.start()` (the server starts it; tests drive it). */
export function createShopsDeps(
  db: Database,
  settings: ShopsSettings,
  embedder: ImageEmbedder,
  logger?: Logger,
): ShopsDeps {
  const repository = createShopsRepository(db);
  return {
    shops: {
      repository,
      runner: createShopRunner({ db, repository, embedder, settings, ...(logger ? { logger } : {}) }),
      settings,
    },
  };
}

/** Every shops route takes a small JSON body: the default limit. */
export const shopsBodyLimits: BodyLimit[] = [];

export { shopsSettings, shopsSettingsFromEnv, SHOPS_DEFAULTS, type ShopsSettings } from './settings';
export { createShopsRepository, type ShopsRepository } from './shops.repository';
export { createShopRunner, type ShopRunner } from './shop-runner';
export { toShop, type ShopRow } from './shops.repository';
