import type { ApiClient } from '../lib/api-client';
import type { ProvenanceResult } from '../contract';
import { byUrlOrBrowserCopy, type CheckedFrom } from '../lib/image-bytes/browser-copy';
import type { ImageLocation } from '../lib/image-bytes/read-image-bytes';

export interface ProvenanceCheck {
  result: ProvenanceResult;
  checkedFrom: CheckedFrom;
}

/**
 * Where an image comes from: the backend fetches public http(s) images
 * itself; anything it cannot reach (login-only, private network, `data:`,
 * `blob:`) is read by the browser and uploaded.
 */
export async function checkProvenance(
  api: ApiClient,
  url: string,
  where: ImageLocation = {},
  signal?: AbortSignal,
): Promise<ProvenanceCheck> {
  const { value, checkedFrom } = await byUrlOrBrowserCopy(
    url,
    where,
    { byUrl: (imageUrl) => api.provenance(imageUrl, signal), byBytes: (image) => api.provenanceOfBytes(image, signal) },
    signal,
  );
  return { result: value, checkedFrom };
}

/**
 * The next answer for a check that was provisional (the backend answered
 * fast from unvalidated credentials and is still validating): the backend's
 * current answer by content hash, or a fresh check when it no longer has one.
 */
export async function followProvisional(
  api: ApiClient,
  previous: ProvenanceCheck,
  url: string,
  where: ImageLocation = {},
  signal?: AbortSignal,
): Promise<ProvenanceCheck> {
  const current = await api.provenanceByHash(previous.result.sha256, signal);
  return current ? { result: current, checkedFrom: previous.checkedFrom } : checkProvenance(api, url, where, signal);
}
