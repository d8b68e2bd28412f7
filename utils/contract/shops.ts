import { z } from 'zod';
import { storableText } from './text';

/** Followed shops: a shop's products read into its follower's catalogue, and kept fresh. */

export const ShopPlatformSchema = z.enum(['shopify', 'woocommerce', 'sitemap']);
export type ShopPlatform = z.infer<typeof ShopPlatformSchema>;

/** queued → importing → ready | failed; a refresh goes through importing again. */
export const ShopStatusSchema = z.enum(['queued', 'importing', 'ready', 'failed']);
export type ShopStatus = z.infer<typeof ShopStatusSchema>;

export const ShopSchema = z
  .object({
    id: z.uuid(),
    /** The shop's scheme, host and port: every page of it follows the same shop. */
    origin: z.string(),
    /** How the shop is read; null until the first run has detected it. */
    platform: ShopPlatformSchema.nullable(),
    status: ShopStatusSchema,
    /** Products of the shop in the catalogue now. */
    products: z.number().int().nonnegative(),
    /** The run in progress (or the last one): products read, and how many are expected when the shop says (else null). */
    progress: z.object({ read: z.number().int().nonnegative(), total: z.number().int().nonnegative().nullable() }),
    /** True when an admin followed it for everyone: its products are in every user's catalogue. */
    forEveryone: z.boolean(),
    lastRefreshedAt: z.iso.datetime().nullable(),
    nextRefreshAt: z.iso.datetime().nullable(),
    /** Why the last run failed, in words for a person; null otherwise. */
    error: z.string().nullable(),
  })
  .meta({ id: 'Shop' });
export type Shop = z.infer<typeof ShopSchema>;

export const FollowShopSchema = z
  .strictObject({
    /** Any page of the shop. */
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .check(storableText)
      .max(4096),
    /** Admins only: the shop's products join every user's catalogue. */
    forEveryone: z.boolean().default(false),
  })
  .meta({ id: 'FollowShop' });
export type FollowShop = z.input<typeof FollowShopSchema>;

export const ShopListSchema = z.object({ items: z.array(ShopSchema) }).meta({ id: 'ShopList' });
export type ShopList = z.infer<typeof ShopListSchema>;
