import { type ProvenanceResult, ProvenanceResultSchema } from '../../contract';
import type { Call } from './call';
import { ApiError } from './api-error';
import { contentDigest } from './content-digest';

/**
 * `POST /v1/provenance` and `GET /v1/provenance/{sha256}`, on top of the client's validated `call`.
 *
 * An answer may be `status: 'provisional'` (the server's full C2PA validation is taking longer
 * than about a second): show it as such, and ask `provenanceByHash(result.sha256)` again about
 * once a second until it is `final`. The first answer comes within about 2 s, well inside the
 * client's 15 s request timeout, whatever the file.
 */
export function provenanceEndpoints(call: Call) {
  return {
    /** Where the image at `imageUrl` honestly seems to come from; the backend fetches it (public http(s) addresses only). */
    provenance: (imageUrl: string, signal?: AbortSignal): Promise<ProvenanceResult> =>
      call('/v1/provenance', ProvenanceResultSchema, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: imageUrl }),
        signal,
      }),

    /**
     * The same for image bytes the extension already has (a Blob of the image file). They go with
     * their `Content-Digest`, so an image the backend has analysed is answered from its cache at
     * once, even while its image-work line is full, and an altered upload is refused (400).
     */
    provenanceOfBytes: async (image: Blob, signal?: AbortSignal): Promise<ProvenanceResult> => {
      const bytes = await image.arrayBuffer(); // what is hashed is what is sent
      return call('/v1/provenance', ProvenanceResultSchema, {
        method: 'POST',
        headers: {
          // The backend reads the format from the bytes; the type only says "these are image bytes".
          'content-type': image.type.startsWith('image/') ? image.type : 'application/octet-stream',
          'content-digest': await contentDigest(bytes),
        },
        body: bytes,
        signal,
      });
    },

    /**
     * The backend's current answer for an image it analysed (by the result's `sha256`): for polling
     * a provisional answer. `null` when it has none (never analysed there, evicted, or cut short):
     * send the image again.
     */
    provenanceByHash: async (sha256: string, signal?: AbortSignal): Promise<ProvenanceResult | null> => {
      try {
        return await call(`/v1/provenance/${encodeURIComponent(sha256)}`, ProvenanceResultSchema, { signal });
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'problem' && error.status === 404) return null;
        throw error;
      }
    },
  };
}
