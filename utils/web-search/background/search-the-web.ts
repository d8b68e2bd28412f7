import { browser } from 'wxt/browser';
import { getDomain } from 'tldts';
import type { ImageRegion } from '@/utils/contract';
import { type ImageLocation, readImageBytes } from '@/utils/lib/image-bytes/read-image-bytes';
import { webSearchEngines, webSearchItem } from '@/utils/settings/preferences';
import { planWebSearch, uploadFileName } from '../plan';
import { cutRegion } from './cut-region';
import { fillUploadPage } from './fill-upload-page';
import { i18n } from '#i18n';

/** How long an engine's upload page may take to load, then to show its file field. */
const PAGE_LOAD_MS = 30_000;
const FILE_FIELD_WAIT_MS = 15_000;

export interface WebSearchRequest {
  engineId: string;
  imageUrl: string;
  /** Where the image was seen: the page's frame can read images nobody else can (blob:, logins). */
  where: ImageLocation;
  /** The part of the image the person marked in the side panel; absent, the whole image. */
  region?: ImageRegion;
}

export type WebSearchOutcome = { how: 'address' } | { how: 'upload'; filled: boolean };

/**
 * "Search the web" with one engine, after the person picked it (right-click menu, side panel):
 * opens the engine's search page for the image's address in a new tab beside the image's page,
 * or, when the address is not public or only a part of the image is wanted, opens the engine's
 * upload page and puts the image (or the part, cut out) there.
 */
export async function searchTheWeb({ engineId, imageUrl, where, region }: WebSearchRequest): Promise<WebSearchOutcome> {
  const engine = webSearchEngines(await webSearchItem.getValue()).find(
    (candidate) => candidate.id === engineId && candidate.on,
  );
  if (!engine) throw new Error(i18n.t('errors.webSearch.unknownEngine'));
  const plan = planWebSearch(engine, imageUrl, region !== undefined);
  if (plan.how === 'impossible')
    throw new Error(
      plan.why === 'part-needs-upload'
        ? i18n.t('errors.webSearch.partNeedsUpload', [engine.name])
        : i18n.t('errors.webSearch.needsPublicAddress', [engine.name]),
    );
  if (plan.how === 'address') {
    await openBeside(plan.url, where.tabId);
    return { how: 'address' };
  }
  // Read (and cut) first: an unreadable image opens no tab.
  const whole = await readImageBytes(imageUrl, where);
  const image = region ? await cutRegion(whole, region) : whole;
  const tabId = await openBeside(plan.uploadUrl, where.tabId);
  await loaded(tabId);
  const uploadHost = new URL(plan.uploadUrl).hostname.replace(/^\[|\]$/g, '');
  const [result] = await browser.scripting.executeScript({
    target: { tabId },
    func: fillUploadPage,
    args: [
      {
        base64: await toBase64(image),
        name: uploadFileName(imageUrl, image.type, region !== undefined),
        type: image.type,
        site: getDomain(uploadHost) ?? uploadHost,
        waitMs: FILE_FIELD_WAIT_MS,
      },
    ],
  });
  return { how: 'upload', filled: result?.result === 'filled' };
}

/** A new active tab right after the image's page (in its window), or at the end when there is none. */
async function openBeside(url: string, besideTabId: number | undefined): Promise<number> {
  const beside = besideTabId === undefined ? undefined : await browser.tabs.get(besideTabId).catch(() => undefined);
  const tab = await browser.tabs.create(
    beside ? { url, windowId: beside.windowId, index: beside.index + 1, openerTabId: beside.id } : { url },
  );
  if (tab.id === undefined) throw new Error('the browser opened no tab');
  return tab.id;
}

/** Resolves once the tab has loaded its page; fails if it is closed or takes too long. */
function loaded(tabId: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const isLoaded = (tab: { status?: string; url?: string }) =>
      tab.status === 'complete' && Boolean(tab.url) && tab.url !== 'about:blank';
    const onUpdated = (id: number, _change: unknown, tab: { status?: string; url?: string }) => {
      if (id === tabId && isLoaded(tab)) finish();
    };
    const onRemoved = (id: number) => {
      if (id === tabId) finish(new Error('the engine’s tab was closed'));
    };
    const timer = setTimeout(() => finish(new Error('the engine’s page did not load')), PAGE_LOAD_MS);
    function finish(error?: Error) {
      clearTimeout(timer);
      browser.tabs.onUpdated.removeListener(onUpdated);
      browser.tabs.onRemoved.removeListener(onRemoved);
      if (error) reject(error);
      else resolve();
    }
    browser.tabs.onUpdated.addListener(onUpdated);
    browser.tabs.onRemoved.addListener(onRemoved);
    void browser.tabs.get(tabId).then(
      (tab) => isLoaded(tab) && finish(),
      () => {},
    );
  });
}

/** Base64 in chunks: a spread of megabytes into String.fromCharCode overflows the stack. */
async function toBase64(image: Blob): Promise<string> {
  const bytes = new Uint8Array(await image.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
