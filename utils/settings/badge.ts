import { storage } from 'wxt/utils/storage';

/** Whether the toolbar icon shows how many saveable images the page has. */
export const badgeCountItem = storage.defineItem<boolean>('sync:showBadgeCount', { fallback: true });
