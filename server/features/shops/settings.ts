/** How politely and how far Loupe reads the shops people follow. */
export interface ShopsSettings {
  /** Pause between two requests to one host (LOUPE_SHOP_REQUEST_DELAY_MS, default 1 s). */
  requestDelayMs: number;
  /** Products read from one shop at most (LOUPE_SHOP_MAX_PRODUCTS, default 5,000). */
  maxProducts: number;
  /** Time between two refreshes of a shop (LOUPE_SHOP_REFRESH_HOURS, default daily). */
  refreshIntervalMs: number;
  /** A run whose process has not said it is alive for this long died: another process takes it over (LOUPE_SHOP_STALE_AFTER_MS). */
  staleAfterMs: number;
  /** How often an idle process looks for shops to read (LOUPE_SHOP_POLL_MS). */
  pollMs: number;
  /**
   * Longest robots.txt `Crawl-delay` honoured. A shop's own delay longer than the setting wins,
   * up to this: beyond it a shop of 5,000 pages would take days to read (default 30 s).
   */
  maxCrawlDelayMs: number;
  /** Longest Retry-After a rate-limited shop is waited for; longer, and the run fails until the next refresh. */
  maxRetryAfterMs: number;
  /** LOUPE_FETCH_ALLOW_PRIVATE: loopback and private shops (development and tests only). */
  fetchAllowPrivate: boolean;
  /** Names Loupe to the shop, so its owner knows who reads it. */
  userAgent: string;
}

export const SHOPS_DEFAULTS: ShopsSettings = {
  requestDelayMs: 1000,
  maxProducts: 5000,
  refreshIntervalMs: 24 * 60 * 60 * 1000,
  staleAfterMs: 120_000,
  pollMs: 10_000,
  maxCrawlDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
  fetchAllowPrivate: false,
  userAgent: 'Loupe/0.1 (shop follower; +https://github.com/loupe-app/loupe)',
};

/** The settings LOUPE_SHOP_* and LOUPE_FETCH_ALLOW_PRIVATE name; the CLI and the server share them. */
export const shopsSettingsFromEnv = (env: {
  LOUPE_SHOP_REQUEST_DELAY_MS: number;
  LOUPE_SHOP_MAX_PRODUCTS: number;
  LOUPE_SHOP_REFRESH_HOURS: number;
  LOUPE_SHOP_STALE_AFTER_MS: number;
  LOUPE_SHOP_POLL_MS: number;
  LOUPE_FETCH_ALLOW_PRIVATE: boolean;
}): ShopsSettings => ({
  ...SHOPS_DEFAULTS,
  requestDelayMs: env.LOUPE_SHOP_REQUEST_DELAY_MS,
  maxProducts: env.LOUPE_SHOP_MAX_PRODUCTS,
  refreshIntervalMs: env.LOUPE_SHOP_REFRESH_HOURS * 60 * 60 * 1000,
  staleAfterMs: env.LOUPE_SHOP_STALE_AFTER_MS,
  pollMs: env.LOUPE_SHOP_POLL_MS,
  fetchAllowPrivate: env.LOUPE_FETCH_ALLOW_PRIVATE,
});

export const shopsSettings = (overrides: Partial<ShopsSettings> = {}): ShopsSettings => ({
  ...SHOPS_DEFAULTS,
  ...overrides,
});

/** The name robots.txt rules address Loupe by. */
export const ROBOTS_AGENT = 'Loupe';
