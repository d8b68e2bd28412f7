import { i18n } from '#i18n';
import { browser } from 'wxt/browser';

/** Larger than any image worth checking, small enough to pass through extension messaging. */
export const MAX_IMAGE_BYTES = 25 * 1024 * 1024;

/** Where on a page an image was seen, so Loupe can read it the way that page did. */
export interface ImageLocation {
  tabId?: number;
  /** The frame's URL (ImageRecord.frameUrl): the frame that loaded the image reads it. */
  frameUrl?: string;
}

export class ImageBytesError extends Error {
  override name = 'ImageBytesError';
}

/**
 * The bytes of an image the backend could not fetch itself: behind a login,
 * on a private network, or a `data:`/`blob:` URL that exists only in the
 * browser. Tries, in order: decoding a `data:` URL; fetching from the
 * extension with the browser's cookies (host permission lifts CORS); reading
 * it inside the page's own frame, which alone can read its `blob:` URLs.
 */
export async function readImageBytes(url: string, where: ImageLocation = {}): Promise<Blob> {
  if (url.startsWith('data:') || /^https?:/i.test(url)) {
    const fromExtension = await fetchCapped(url, { credentials: 'include' }).catch(() => null);
    if (fromExtension) return fromExtension;
  }
  if (where.tabId !== undefined) {
    const fromPage = await readInPage(url, where.tabId, where.frameUrl).catch(() => null);
    if (fromPage) return fromPage;
  }
  throw new ImageBytesError(i18n.t('errors.imageUnreadable'));
}

async function fetchCapped(url: string, init: RequestInit): Promise<Blob | null> {
  const response = await fetch(url, init);
  if (!response.ok) return null;
  const blob = await response.blob();
  return blob.size > 0 && blob.size <= MAX_IMAGE_BYTES ? blob : null;
}

/** Runs in the page's frame (isolated world): fetch the image as that page would, return base64. */
async function readFromFrame(
  url: string,
  frameUrl: string | null,
  maxBytes: number,
): Promise<{ type: string; base64: string } | null> {
  if (frameUrl && location.href.split('#')[0] !== frameUrl) return null;
  const response = await fetch(url).catch(() => null);
  if (!response?.ok) return null;
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length === 0 || bytes.length > maxBytes) return null;
  // Chrome hands results back as JSON: base64 in chunks (a spread of megabytes overflows the stack).
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return { type: response.headers.get('content-type') ?? '', base64: btoa(binary) };
}

async function readInPage(url: string, tabId: number, frameUrl?: string): Promise<Blob | null> {
  const results = await browser.scripting.executeScript({
    target: { tabId, allFrames: true },
    func: readFromFrame,
    args: [url, frameUrl ?? null, MAX_IMAGE_BYTES],
  });
  const found = results.map((r) => r.result as Awaited<ReturnType<typeof readFromFrame>> | undefined).find(Boolean);
  if (!found) return null;
  const binary = atob(found.base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new Blob([bytes], { type: found.type.startsWith('image/') ? found.type : '' });
}
