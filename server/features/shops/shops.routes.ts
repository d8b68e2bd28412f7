import { createRoute, z } from '@hono/zod-openapi';
import { FollowShopSchema, ShopListSchema, ShopSchema } from '../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../platform/http/openapi-helpers';

const tags = ['Shops'];
const ShopParams = z.object({ id: z.uuid() });

export const followShop = createRoute({
  method: 'post',
  path: '/v1/shops',
  tags,
  summary: 'Follow a shop: its products join your catalogue, read in the background and refreshed daily',
  security: BEARER_SECURITY,
  request: { body: { content: { 'application/json': { schema: FollowShopSchema } }, required: true } },
  responses: {
    202: jsonContent(ShopSchema, 'The shop, queued (or as it is, when already followed)'),
    400: problemContent('Not a shop address'),
    403: problemContent('Only administrators follow shops for everyone'),
    ...authProblems,
  },
});

export const listShops = createRoute({
  method: 'get',
  path: '/v1/shops',
  tags,
  summary: 'The shops you follow, and those followed for everyone',
  security: BEARER_SECURITY,
  responses: { 200: jsonContent(ShopListSchema, 'The shops'), ...authProblems },
});

export const getShop = createRoute({
  method: 'get',
  path: '/v1/shops/{id}',
  tags,
  summary: 'One shop, with the progress of its run',
  security: BEARER_SECURITY,
  request: { params: ShopParams },
  responses: { 200: jsonContent(ShopSchema, 'The shop'), 404: problemContent('No such shop'), ...authProblems },
});

export const refreshShop = createRoute({
  method: 'post',
  path: '/v1/shops/{id}/refresh',
  tags,
  summary: 'Read the shop again now',
  security: BEARER_SECURITY,
  request: { params: ShopParams },
  responses: {
    202: jsonContent(ShopSchema, 'The shop, queued'),
    403: problemContent('Only administrators refresh shops followed for everyone'),
    404: problemContent('No such shop'),
    ...authProblems,
  },
});

export const unfollowShop = createRoute({
  method: 'delete',
  path: '/v1/shops/{id}',
  tags,
  summary: 'Unfollow a shop: its products leave the catalogue',
  security: BEARER_SECURITY,
  request: { params: ShopParams },
  responses: {
    204: { description: 'Unfollowed' },
    403: problemContent('Only administrators unfollow shops followed for everyone'),
    404: problemContent('No such shop'),
    ...authProblems,
  },
});
