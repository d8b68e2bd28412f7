import { z } from 'zod';
import { type Shop, ShopListSchema, ShopSchema } from '../../contract';

type Call = <S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit & { signal?: AbortSignal },
) => Promise<z.infer<S>>;

const NoContent = z.undefined();
const shopPath = (id: string) => `/v1/shops/${encodeURIComponent(id)}`;

/** Followed shops, on top of the client's validated `call`. */
export function shopsEndpoints(call: Call) {
  return {
    /** Follows the shop `pageUrl` belongs to; answers at once, the backend reads it in the background. */
    followShop: (pageUrl: string): Promise<Shop> =>
      call('/v1/shops', ShopSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: pageUrl }),
      }),
    listShops: async (signal?: AbortSignal): Promise<Shop[]> =>
      (await call('/v1/shops', ShopListSchema, { signal })).items,
    getShop: (id: string, signal?: AbortSignal): Promise<Shop> => call(shopPath(id), ShopSchema, { signal }),
    refreshShop: (id: string): Promise<Shop> => call(`${shopPath(id)}/refresh`, ShopSchema, { method: 'POST' }),
    /** Its products leave your catalogue. */
    unfollowShop: (id: string): Promise<void> => call(shopPath(id), NoContent, { method: 'DELETE' }),
  };
}
