/**
 * Settings the content script reads on every page. Kept free of WXT's storage
 * helper and zod so the content script stays small: it reads these keys from
 * `storage.sync` directly, and the popup writes them through storage items.
 */
export const PAGE_SETTING_KEYS = {
  /** Hosts (or URLs) where Loupe stays dormant, besides the built-in sensitive sites. */
  blockedSites: 'blockedSites',
  /** Whether the hover Save button appears at all. */
  hoverButton: 'hoverButton',
  /** Hosts where the hover Save button is off. */
  hoverButtonOffSites: 'hoverButtonOffSites',
  /** Smallest side (CSS px) an image needs for the hover button. */
  minImageSize: 'minImageSize',
  /** Small provenance badges on the page's images (off by default). */
  onPageBadges: 'onPageBadges',
  /** The toolbar count of saveable images (off by default: it needs a scan of every page). Written by `badgeCountItem`. */
  countImages: 'showBadgeCount',
  /**
   * For developers and `npm run bench` (no control in the popup): the content script records its
   * start-up and first scan in the page's performance timeline. Off by default: the page can read it.
   */
  performanceMarks: 'performanceMarks',
} as const;

/** Loupe's own rule for the hover button (both sides at least 120 px); the setting can only raise it. */
export const DEFAULT_MIN_IMAGE_SIZE = 120;

export interface PageBehaviour {
  blockedSites: string[];
  hoverButton: boolean;
  hoverButtonOffSites: string[];
  minImageSize: number;
  onPageBadges: boolean;
  countImages: boolean;
  performanceMarks: boolean;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').slice(0, 1000) : [];

/** Reads stored values defensively: anything malformed falls back to the default. */
export function pageBehaviourFrom(stored: Record<string, unknown>): PageBehaviour {
  return {
    blockedSites: strings(stored[PAGE_SETTING_KEYS.blockedSites]),
    hoverButton: stored[PAGE_SETTING_KEYS.hoverButton] !== false,
    hoverButtonOffSites: strings(stored[PAGE_SETTING_KEYS.hoverButtonOffSites]),
    minImageSize: Math.max(DEFAULT_MIN_IMAGE_SIZE, Math.min(2000, Number(stored[PAGE_SETTING_KEYS.minImageSize]) || 0)),
    onPageBadges: stored[PAGE_SETTING_KEYS.onPageBadges] === true,
    countImages: stored[PAGE_SETTING_KEYS.countImages] === true,
    performanceMarks: stored[PAGE_SETTING_KEYS.performanceMarks] === true,
  };
}
