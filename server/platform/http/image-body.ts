import type { Context } from 'hono';
import { ProblemError } from './problem';

/**
 * Image searches take the image itself (`Content-Type: image/*`) or JSON saying where to find it.
 * This reads the first kind, within `maxBytes` (the declared length is checked before reading);
 * answers undefined for JSON, which the route's validator has parsed; refuses anything else (415).
 * `jsonForms` tells the client what JSON the route takes.
 */
export async function uploadedImage(c: Context, maxBytes: number, jsonForms: string): Promise<Uint8Array | undefined> {
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  if (contentType.startsWith('application/json')) return undefined;
  if (!contentType.startsWith('image/'))
    throw new ProblemError(415, 'Unsupported media type', `Send the image as image/*, or JSON ${jsonForms}.`);
  const tooLarge = () => new ProblemError(413, 'Image too large', `Send at most ${maxBytes} bytes.`);
  if (Number(c.req.header('content-length')) > maxBytes) throw tooLarge();
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.length > maxBytes) throw tooLarge();
  if (bytes.length === 0) throw new ProblemError(400, 'Unusable image', 'The request body is empty.');
  return bytes;
}
