import { storage } from 'wxt/utils/storage';

/**
 * Whether the product a page sells (as Loupe captured it) joins your own catalogue when you save an
 * image from that page, so similar search also covers shops you visited. Off unless you opt in: it
 * sends the backend which shops' products you looked at. Synced across your browsers, like the
 * other preferences. The background reads it at each save, so turning it off stops at once.
 */
export const addCapturedProductsItem = storage.defineItem<boolean>('sync:addCapturedProducts', { fallback: false });
