import { ApiError } from '../api-client/api-error';
import { type ImageLocation, readImageBytes } from './read-image-bytes';

/** How Loupe got the image it sent the backend. */
export type CheckedFrom = 'backend-fetched' | 'browser-copy';

/**
 * The backend refused the URL (a private or odd address: 422) or could not
 * fetch it (502): the browser, which did load the image, sends the bytes.
 */
export const backendCouldNotReach = (error: unknown) =>
  error instanceof ApiError && error.kind === 'problem' && (error.status === 422 || error.status === 502);

/**
 * Asks the backend about an image by its address when it can fetch it (public
 * http(s)), and otherwise sends the copy the browser can read: login-only and
 * private-network images, `data:` and `blob:` URLs.
 */
export async function byUrlOrBrowserCopy<T>(
  url: string,
  where: ImageLocation,
  ask: { byUrl: (url: string) => Promise<T>; byBytes: (image: Blob) => Promise<T> },
  signal?: AbortSignal,
): Promise<{ value: T; checkedFrom: CheckedFrom }> {
  if (/^https?:/i.test(url)) {
    try {
      return { value: await ask.byUrl(url), checkedFrom: 'backend-fetched' };
    } catch (error) {
      if (!backendCouldNotReach(error)) throw error;
    }
  }
  const bytes = await readImageBytes(url, where);
  signal?.throwIfAborted();
  return { value: await ask.byBytes(bytes), checkedFrom: 'browser-copy' };
}
