import { describe, expect, it } from 'vitest';
import { shopsSettings } from '../settings';
import { hostDelayMs } from './polite-fetcher';

describe('the pause between two requests to a host', () => {
  const settings = shopsSettings({ requestDelayMs: 1000, maxCrawlDelayMs: 30_000 });

  it('is the setting when robots.txt asks for no Crawl-delay, or a shorter one', () => {
    expect(hostDelayMs(settings, undefined)).toBe(1000);
    expect(hostDelayMs(settings, 0.5)).toBe(1000);
    expect(hostDelayMs(settings, -3)).toBe(1000);
  });

  it("is the shop's Crawl-delay when longer, up to the cap", () => {
    expect(hostDelayMs(settings, 5)).toBe(5000);
    expect(hostDelayMs(settings, 86_400)).toBe(30_000);
  });
});
