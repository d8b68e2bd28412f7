import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { PlatformEnv } from './platform-env';
import { WorkQueueFullError, WorkShareExceededError } from '../limits/work-limiter';
import { ProblemError } from './problem';

/** Every JSON request body Loupe takes is small; routes that take images or feeds declare their own, larger cap. */
export const MAX_JSON_BODY_BYTES = 1024 * 1024;

export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
}

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over the limit is refused
 * before reading; otherwise reading stops, and the stream is cancelled, at the first byte over
 * it, so a huge (or endless) upload costs at most `limit` bytes of memory.
 */
export async function readCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      void reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/**
 * Caps a request body at `maxBytes` for the handlers after it. A declared Content-Length over
 * it is refused before anything is read (Node stops reading a body at its declared length); a
 * body without one is read here, only up to the cap, and handed on from memory.
 */
export const limitBody = (maxBytes: number, title = 'Payload too large') =>
  createMiddleware(async (c, next) => {
    const tooLarge = () =>
      new ProblemError(413, title, `The request body is over this endpoint's ${maxBytes}-byte limit.`, {
        connection: 'close',
      });
    const declared = c.req.header('content-length');
    if (declared !== undefined && !c.req.header('transfer-encoding')) {
      if (Number(declared) > maxBytes) throw tooLarge();
      return next();
    }
    if (!c.req.raw.body) return next();
    const bytes = await readCapped(c.req.raw, maxBytes).catch((error: unknown) => {
      throw error instanceof BodyTooLargeError
        ? tooLarge()
        : new ProblemError(400, 'Unreadable body', 'The upload was interrupted or malformed.');
    });
    c.req.raw = new Request(c.req.raw, { body: bytes });
    await next();
  });

/**
 * Per-token rate limit (after bearer auth): over it, 429 with Retry-After and a problem body.
 * Counted per token, not per user, so revoking a noisy token and issuing another starts afresh.
 */
export const rateLimit = createMiddleware<PlatformEnv>(async (c, next) => {
  const decision = c.var.deps.limits.rateLimiter.take(c.var.tokenId);
  if (!decision.allowed) {
    const { perMinute, burst } = c.var.deps.limits.rateLimiter.settings;
    throw new ProblemError(
      429,
      'Too many requests',
      `This token made more than ${perMinute} requests a minute (bursts of ${burst}). Try again in ${decision.retryAfterSeconds} s.`,
      { 'retry-after': String(decision.retryAfterSeconds) },
    );
  }
  await next();
});

/**
 * Runs `job` in a slot of the image-work line, counted against the request's token (its fair
 * share of the line). Over the token's share: 429 + Retry-After; the whole line full: 503 +
 * Retry-After. Either way the job never runs.
 */
export async function inImageWorkSlot<T, E extends PlatformEnv>(c: Context<E>, job: () => Promise<T>): Promise<T> {
  const limiter = c.var.deps.limits.imageWork;
  try {
    return await limiter.run(c.var.tokenId, job);
  } catch (error) {
    if (error instanceof WorkShareExceededError) {
      throw new ProblemError(429, 'Too many image analyses', error.message, {
        'retry-after': String(error.retryAfterSeconds),
      });
    }
    if (error instanceof WorkQueueFullError) {
      throw new ProblemError(
        503,
        'Busy',
        `${error.message} (${limiter.settings.queue} requests are already waiting.)`,
        {
          'retry-after': String(error.retryAfterSeconds),
        },
      );
    }
    throw error;
  }
}

/**
 * A route that takes more than a JSON body, as its feature declares it (the features' index.ts):
 * - `maxBytes`: its body is capped there before the handler runs (`title` names the 413). With
 *   `imageWorkFirst`, the request first waits for a slot of the image-work line (see
 *   `inImageWorkSlot`), so a burst of uploads waits its turn with the bodies still in the socket.
 * - `readByHandler`: the handler caps the body itself as it reads it, and takes its own slot
 *   around the image work alone (provenance: to answer a cached image at once, and to hold an
 *   upload in memory once rather than twice).
 */
export type BodyLimit =
  { path: string; maxBytes: number; title?: string; imageWorkFirst?: boolean } | { path: string; readByHandler: true };

/** Caps every request body before it is read: at `MAX_JSON_BODY_BYTES`, or as its route's `BodyLimit` says. */
export function limitBodies(routes: readonly BodyLimit[]) {
  const json: MiddlewareHandler<PlatformEnv> = limitBody(MAX_JSON_BODY_BYTES);
  const byPath = new Map(
    routes.map((route): [string, MiddlewareHandler<PlatformEnv>] => {
      if ('readByHandler' in route) return [route.path, (_c, next) => next()];
      const cap: MiddlewareHandler<PlatformEnv> = limitBody(route.maxBytes, route.title);
      return [route.path, route.imageWorkFirst ? (c, next) => inImageWorkSlot(c, () => cap(c, next)) : cap];
    }),
  );
  return createMiddleware<PlatformEnv>((c, next) => (byPath.get(c.req.path) ?? json)(c, next));
}
