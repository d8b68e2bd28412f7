import type { Context } from 'hono';
import { BodyTooLargeError, readCapped } from './limits';
import { ProblemError } from './problem';

/**
 * Image searches take the image itself (`Content-Type: image/*`) or JSON saying where to find it.
 * Says which this request carries, refusing anything else (415) and an image whose declared length
 * is over `maxBytes` (413) before anything is read. `jsonForms` tells the client what JSON the route takes.
 */
export function imageBodyKind(c: Context, maxBytes: number, jsonForms: string): 'json' | 'image' {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) return 'json';
  if (!contentType.startsWith('image/'))
    throw new ProblemError(415, 'Unsupported media type', `Send the image as image/*, or JSON ${jsonForms}.`);
  if (Number(c.req.header('content-length')) > maxBytes) throw imageTooLarge(maxBytes);
  return 'image';
}

/**
 * Reads an uploaded image within `maxBytes`. Call it inside the token's place of the image line
 * (`inImageLine`), never inside a work slot: a slow upload must not hold a slot another token needs.
 */
export async function readUploadedImage(c: Context, maxBytes: number): Promise<Uint8Array> {
  const bytes = await readCapped(c.req.raw, maxBytes).catch((error: unknown) => {
    throw error instanceof BodyTooLargeError
      ? imageTooLarge(maxBytes)
      : new ProblemError(400, 'Unreadable body', 'The upload was interrupted or malformed.');
  });
  if (bytes.length === 0) throw new ProblemError(400, 'Unusable image', 'The request body is empty.');
  return bytes;
}

const imageTooLarge = (maxBytes: number) => new ProblemError(413, 'Image too large', `Send at most ${maxBytes} bytes.`);
