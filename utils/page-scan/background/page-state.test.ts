import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImageRecord } from '@/utils/page-scan/types';
import { imageEncoder } from '@/utils/page-scan/wire/image-wire';
import type { ProductSources } from '@/utils/page-scan/product/collect';

type TabListener = (tabId: number, change: { status?: string }) => void;
const api = vi.hoisted(() => ({
  updated: [] as ((tabId: number, change: { status?: string }) => void)[],
  tabs: {
    onUpdated: {
      addListener: (listener: (tabId: number, change: { status?: string }) => void) => api.updated.push(listener),
    },
    onRemoved: { addListener: () => {} },
    sendMessage: vi.fn(async () => ({ ok: true, value: undefined })),
  },
  action: { setBadgeText: vi.fn(async () => {}) },
  runtime: { sendMessage: vi.fn(async () => {}) },
}));
vi.mock('wxt/browser', () => ({ browser: { tabs: api.tabs, action: api.action, runtime: api.runtime } }));
vi.mock('@/utils/page-scan/badge-count-setting', () => ({
  badgeCountItem: { getValue: async () => false, watch: () => {} },
}));

const { createPageState } = await import('./page-state');
const TAB = 4;
const PAGE = 'https://shop.test/p/shirt';
const image = (path: string, frameUrl = PAGE): ImageRecord => ({
  url: `https://shop.test${path}`,
  source: 'img',
  naturalWidth: 800,
  naturalHeight: 800,
  renderedWidth: 400,
  renderedHeight: 400,
  alt: '',
  linkUrl: null,
  placement: 'other',
  top: 0,
  frameUrl,
  inShadowRoot: false,
  hoverEligible: true,
  saveAllowed: true,
  blockedReason: null,
  blockedDetail: null,
});
const from = (frameId: number) => ({ id: 'loupe', tab: { id: TAB }, frameId });
const report = (records: ImageRecord[], reset = true, frameUrl = PAGE) => ({
  frameUrl,
  reset,
  upserted: records.map(imageEncoder(frameUrl)),
  removed: [],
});
const navigate = (status: 'loading' | 'complete') =>
  api.updated.forEach((listener: TabListener) => listener(TAB, { status }));
const urls = async (pages: ReturnType<typeof createPageState>) =>
  (await pages.page(TAB)).images.map((record) => new URL(record.url).pathname).sort();

describe('what the background believes about a tab’s page', () => {
  let pages: ReturnType<typeof createPageState>;
  beforeEach(() => {
    api.updated.length = 0;
    api.tabs.sendMessage.mockClear();
    pages = createPageState();
  });

  it('while a tab navigates, only frames whose content script started since are believed', async () => {
    pages.report(report([image('/old-top.png')]), from(0));
    navigate('loading');
    // The old page answers late (its top frame and its iframe): not the new page's images.
    pages.report(report([image('/old-top.png')]), from(0));
    pages.report(report([image('/old-frame.png')], true, 'https://shop.test/frame'), from(7));
    expect(await urls(pages)).toEqual([]);
    pages.started(from(0));
    pages.report(report([image('/new-top.png')]), from(0));
    expect(await urls(pages)).toEqual(['/new-top.png']);
    navigate('complete');
    pages.report(report([image('/late-frame.png')], true, 'https://shop.test/ad'), from(9));
    expect(await urls(pages)).toEqual(['/late-frame.png', '/new-top.png']);
  });

  it('asks a frame for its whole list when changes arrive for a list it never had (a worker restart)', async () => {
    pages.report(report([image('/added-later.png')], false), from(3));
    expect(api.tabs.sendMessage).toHaveBeenCalledWith(TAB, expect.objectContaining({ type: 'content/report' }), {
      frameId: 3,
    });
    expect(await urls(pages)).toEqual([]);
  });

  it('asks the frames that are not scanning to scan (every frame of a tab it knows nothing of), then only answers', async () => {
    await pages.page(TAB);
    expect(api.tabs.sendMessage).toHaveBeenLastCalledWith(TAB, expect.objectContaining({ type: 'content/report' }), {});
    pages.started(from(0));
    pages.started(from(5));
    api.tabs.sendMessage.mockClear();
    expect((await pages.page(TAB)).reported).toBe(false);
    expect(api.tabs.sendMessage.mock.calls.map((call) => call.at(-1))).toEqual([{ frameId: 0 }, { frameId: 5 }]);
    pages.report(report([image('/a.png')]), from(0));
    pages.report(report([image('/b.png')], true, 'https://shop.test/frame'), from(5));
    api.tabs.sendMessage.mockClear();
    expect((await pages.page(TAB)).reported).toBe(true);
    expect(api.tabs.sendMessage).not.toHaveBeenCalled();

    // A frame that stopped because nobody looked keeps its list and is asked for a fresh one next time.
    pages.stopped(from(5));
    expect(await urls(pages)).toEqual(['/a.png', '/b.png']);
    expect(api.tabs.sendMessage.mock.calls.map((call) => call.at(-1))).toEqual([{ frameId: 5 }]);
  });

  it('a save carries the page’s product when the image is one of its pictures, scan or no scan', () => {
    const sources: ProductSources = {
      pageUrl: PAGE,
      base: PAGE,
      canonical: null,
      heading: null,
      microdata: [],
      meta: [],
      jsonLd: [
        JSON.stringify({
          '@context': 'https://schema.org',
          '@type': 'Product',
          name: 'Linen Shirt',
          image: 'https://shop.test/img/shirt-1600.png',
          offers: { '@type': 'Offer', price: '95.00', priceCurrency: 'EUR' },
        }),
      ],
    };
    pages.product(sources, from(0));
    expect(pages.productShownBy(TAB, 'https://shop.test/img/shirt-1600.png')).toMatchObject({ name: 'Linen Shirt' });
    expect(pages.productShownBy(TAB, 'https://shop.test/img/banner.png')).toBeUndefined();
    expect(pages.productShownBy(TAB + 1, 'https://shop.test/img/shirt-1600.png')).toBeUndefined();
  });

  it('open panels hear of every change even when the toolbar badge cannot be set (Firefox 153 threw on a missing `action`)', async () => {
    vi.useFakeTimers();
    try {
      api.runtime.sendMessage.mockClear();
      api.action.setBadgeText.mockImplementationOnce(() => {
        throw new TypeError('browser.action is undefined');
      });
      pages.report(report([image('/a.png')]), from(0));
      await vi.advanceTimersByTimeAsync(200);
      expect(api.runtime.sendMessage).toHaveBeenCalledWith(
        expect.objectContaining({ type: 'page/updated', payload: { tabId: TAB } }),
      );
    } finally {
      vi.useRealTimers();
    }
  });
});
