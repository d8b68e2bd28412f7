import { describe, expect, it } from 'vitest';
import { loadEnv } from '../../env';
import { SHOPS_DEFAULTS, shopsSettingsFromEnv } from './settings';

describe('shops settings from the environment', () => {
  it('default to a polite pace, a two-minute takeover and a ten-second look for work', () => {
    expect(shopsSettingsFromEnv(loadEnv({}))).toEqual(SHOPS_DEFAULTS);
    expect(SHOPS_DEFAULTS).toMatchObject({ requestDelayMs: 1000, staleAfterMs: 120_000, pollMs: 10_000 });
  });

  it('read how soon a silent run is taken over and how often an idle process looks, naming a bad value', () => {
    const settings = shopsSettingsFromEnv(loadEnv({ LOUPE_SHOP_STALE_AFTER_MS: '1500', LOUPE_SHOP_POLL_MS: '200' }));
    expect(settings).toMatchObject({ staleAfterMs: 1500, pollMs: 200 });
    expect(() => loadEnv({ LOUPE_SHOP_STALE_AFTER_MS: '10' })).toThrow(/LOUPE_SHOP_STALE_AFTER_MS: must be between/);
    expect(() => loadEnv({ LOUPE_SHOP_POLL_MS: 'often' })).toThrow(/LOUPE_SHOP_POLL_MS: must be a number/);
  });
});
