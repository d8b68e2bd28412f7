import { storage } from 'wxt/utils/storage';
import { PAGE_SETTING_KEYS } from '../settings/page-behaviour';

/**
 * Whether the toolbar icon shows how many saveable images the page has. Off by
 * default: counting means scanning every page opened, which Loupe otherwise
 * does only for the tab the side panel shows.
 */
export const badgeCountItem = storage.defineItem<boolean>(`sync:${PAGE_SETTING_KEYS.countImages}`, { fallback: false });
