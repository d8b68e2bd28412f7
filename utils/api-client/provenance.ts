import type { z } from 'zod';
import { type ProvenanceResult, ProvenanceResultSchema } from '../contract';

type Call = <S extends z.ZodType>(path: string, schema: S, init?: RequestInit & { signal?: AbortSignal }) => Promise<z.infer<S>>;

/** `POST /v1/provenance`, on top of the client's validated `call`. */
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

    /** The same for image bytes the extension already has (a Blob of the image file). */
    provenanceOfBytes: (image: Blob, signal?: AbortSignal): Promise<ProvenanceResult> =>
      call('/v1/provenance', ProvenanceResultSchema, {
        method: 'POST',
        // The backend reads the format from the bytes; the type only says "these are image bytes".
        headers: { 'content-type': image.type.startsWith('image/') ? image.type : 'application/octet-stream' },
        body: image,
        signal,
      }),
  };
}
