import { storage } from 'wxt/utils/storage';

/**
 * Whether the product a page sells (as Loupe captured it) joins your own catalogue when you save an
 * image from that page, so similar search also covers shops you visited. Off unless you opt in: it
 * sends the backend which shops' products you looked at. Synced across your browsers, like the
 * other preferences. The background reads it at each save, so turning it off stops at once.
 */
export const addCapturedProductsItem = storage.defineItem<boolean>('sync:addCapturedProducts', { fallback: false });

/**
 * Whether the person has answered the side panel's question about captured products (asked once, at
 * the first connection), or set the popup's switch themselves: then the panel does not ask again.
 */
export const capturedProductsAskedItem = storage.defineItem<boolean>('sync:capturedProductsAsked', {
  fallback: false,
});
