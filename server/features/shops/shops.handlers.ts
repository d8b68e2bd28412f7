import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-context';
import { ProblemError } from '../../platform/http/problem';
import type * as routes from './shops.routes';
import { type ShopRow, toShop } from './shops.repository';

const noSuchShop = () => new ProblemError(404, 'Not found', 'You follow no shop with that id.');

/** The shop, if the caller sees it; a shop followed for everyone is changed by administrators only. */
async function shopToChange(c: Context<AppEnv>, id: string, doing: string): Promise<ShopRow> {
  const shop = await c.var.deps.shops.repository.get(id, c.var.user.id);
  if (!shop) throw noSuchShop();
  if (shop.ownerId === null && !c.var.user.isAdmin)
    throw new ProblemError(403, 'Forbidden', `Only administrators ${doing} shops followed for everyone.`);
  return shop;
}

export const follow: RouteHandler<typeof routes.followShop, AppEnv> = async (c) => {
  const { url, forEveryone } = c.req.valid('json');
  if (forEveryone && !c.var.user.isAdmin)
    throw new ProblemError(403, 'Forbidden', 'Only administrators follow shops for everyone.');
  const { shops } = c.var.deps;
  const shop = await shops.repository.follow(new URL(url).origin, forEveryone ? null : c.var.user.id, c.var.user.id);
  shops.runner.kick();
  return c.json(toShop(shop), 202, { location: `/v1/shops/${shop.id}` });
};

export const list: RouteHandler<typeof routes.listShops, AppEnv> = async (c) =>
  c.json({ items: (await c.var.deps.shops.repository.list(c.var.user.id)).map(toShop) }, 200);

export const get: RouteHandler<typeof routes.getShop, AppEnv> = async (c) => {
  const shop = await c.var.deps.shops.repository.get(c.req.valid('param').id, c.var.user.id);
  if (!shop) throw noSuchShop();
  return c.json(toShop(shop), 200);
};

export const refresh: RouteHandler<typeof routes.refreshShop, AppEnv> = async (c) => {
  const { shops } = c.var.deps;
  const shop = await shopToChange(c, c.req.valid('param').id, 'refresh');
  const queued = (await shops.repository.requestRefresh(shop.id)) ?? shop;
  shops.runner.kick();
  return c.json(toShop(queued), 202);
};

export const unfollow: RouteHandler<typeof routes.unfollowShop, AppEnv> = async (c) => {
  const shop = await shopToChange(c, c.req.valid('param').id, 'unfollow');
  await c.var.deps.shops.repository.remove(shop.id);
  return c.body(null, 204);
};
