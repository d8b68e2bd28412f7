import type { ApiClient } from '../api-client';
import { ApiError } from '../api-client/api-error';
import type { ProvenanceResult } from '../contract';
import { type ImageLocation, readImageBytes } from './image-bytes';

/** How Loupe got the image it checked. */
export type CheckedFrom = 'backend-fetched' | 'browser-copy';

export interface ProvenanceCheck {
  result: ProvenanceResult;
  checkedFrom: CheckedFrom;
}

/**
 * The backend refused the URL (a private or odd address: 422) or could not
 * fetch it (502): the browser, which did load the image, sends the bytes.
 */
const backendCouldNotReach = (error: unknown) => error instanceof ApiError && error.kind === 'problem' && (error.status === 422 || error.status === 502);

/**
 * Where an image comes from: the backend fetches public http(s) images
 * itself; anything it cannot reach (login-only, private network, `data:`,
 * `blob:`) is read by the browser and uploaded.
 */
export async function checkProvenance(api: ApiClient, url: string, where: ImageLocation = {}, signal?: AbortSignal): Promise<ProvenanceCheck> {
  if (/^https?:/i.test(url)) {
    try {
      return { result: await api.provenance(url, signal), checkedFrom: 'backend-fetched' };
    } catch (error) {
      if (!backendCouldNotReach(error)) throw error;
    }
  }
  const bytes = await readImageBytes(url, where);
  signal?.throwIfAborted();
  return { result: await api.provenanceOfBytes(bytes, signal), checkedFrom: 'browser-copy' };
}

/**
 * The next answer for a check that was provisional (the backend answered
 * fast from unvalidated credentials and is still validating): the backend's
 * current answer by content hash, or a fresh check when it no longer has one.
 */
export async function followProvisional(api: ApiClient, previous: ProvenanceCheck, url: string, where: ImageLocation = {}, signal?: AbortSignal): Promise<ProvenanceCheck> {
  const current = await api.provenanceByHash(previous.result.sha256, signal);
  return current ? { result: current, checkedFrom: previous.checkedFrom } : checkProvenance(api, url, where, signal);
}
