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

/** Runs work in one of the few image-work slots (for the request's token, in turn with the others'). */
export type InSlot = <R>(work: () => Promise<R>) => Promise<R>;

/**
 * Holds a place in the image-work line for the request's token while `steps` runs: `steps` first
 * reads what it needs (an upload, at the client's pace), then calls `inSlot` for the work itself,
 * so a slot is taken only with the bytes in hand and a slow upload holds a place, never a slot.
 * Over the token's share of the places: 429 + Retry-After; every place taken: 503 + Retry-After.
 * Either way nothing is read or run.
 */
export async function inImageLine<T, E extends PlatformEnv>(
  c: Context<E>,
  steps: (inSlot: InSlot) => Promise<T>,
): Promise<T> {
  const { imageWork: places, imageSlots: slots } = c.var.deps.limits;
  const key = c.var.tokenId;
  try {
    return await places.run(key, () => steps((work) => slots.run(key, work)));
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
        `${error.message} (All ${places.settings.concurrency} places of the line are taken.)`,
        { 'retry-after': String(error.retryAfterSeconds) },
      );
    }
    throw error;
  }
}

/** Runs `job` (which reads nothing from the client) in a slot of the image-work line: see `inImageLine`. */
export const inImageWorkSlot = <T, E extends PlatformEnv>(c: Context<E>, job: () => Promise<T>): Promise<T> =>
  inImageLine(c, (inSlot) => inSlot(job));

/**
 * A route that takes more than a JSON body, as its feature declares it (the features' index.ts).
 * A JSON body is capped at `MAX_JSON_BODY_BYTES`, its nesting at `MAX_JSON_DEPTH`, on every route
 * whatever it declares; the declaration is about its other bodies:
 * - `maxBytes`: such a body is capped there before the handler runs (`title` names the 413).
 * - `readByHandler`: the handler caps the body itself as it reads it, in its place of the
 *   image-work line (`inImageLine`): one token's slow uploads then hold that token's places only.
 * - `adminOnly`: only administrators may send a body here; anyone else gets 403 before a byte is read.
 */
export type BodyLimit = { path: string; adminOnly?: boolean } & (
  { maxBytes: number; title?: string } | { readByHandler: true }
);

/** Deeper JSON is refused before it is parsed: Loupe's requests nest a few levels, and parsing deep nesting costs a server dearly. */
export const MAX_JSON_DEPTH = 64;

/** Whether JSON text nests arrays and objects deeper than `max`: one pass over the bytes, no parsing. */
export function nestsDeeperThan(json: Uint8Array, max: number): boolean {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of json) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c /* \ */) escaped = true;
      else if (byte === 0x22 /* " */) inString = false;
    } else if (byte === 0x22) inString = true;
    else if (byte === 0x5b /* [ */ || byte === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (byte === 0x5d /* ] */ || byte === 0x7d /* } */) depth--;
  }
  return false;
}

const isJson = (contentType: string | undefined) =>
  /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(contentType?.trim() ?? '');

/** A JSON body, read here (it is small), refused when it nests too deep, and handed on from memory. */
const limitJsonBody = createMiddleware(async (c, next) => {
  const tooLarge = () =>
    new ProblemError(
      413,
      'Payload too large',
      `The request body is over the ${MAX_JSON_BODY_BYTES}-byte limit for JSON.`,
      {
        connection: 'close',
      },
    );
  if (!c.req.raw.body) return next();
  const bytes = await readCapped(c.req.raw, MAX_JSON_BODY_BYTES).catch((error: unknown) => {
    throw error instanceof BodyTooLargeError
      ? tooLarge()
      : new ProblemError(400, 'Unreadable body', 'The upload was interrupted or malformed.');
  });
  if (nestsDeeperThan(bytes, MAX_JSON_DEPTH))
    throw new ProblemError(400, 'Invalid JSON', `The JSON body nests deeper than ${MAX_JSON_DEPTH} levels.`);
  c.req.raw = new Request(c.req.raw, { body: bytes });
  await next();
});

/**
 * Caps every request body before it is read: a JSON body at `MAX_JSON_BODY_BYTES` and
 * `MAX_JSON_DEPTH`; any other as its route's `BodyLimit` says, or as JSON's when it declares none.
 * A route's permission (`adminOnly`) is checked before anything is read. Runs after authentication.
 */
export function limitBodies(routes: readonly BodyLimit[]) {
  const other: MiddlewareHandler<PlatformEnv> = limitBody(MAX_JSON_BODY_BYTES);
  const byPath = new Map(
    routes.map((route) => {
      const cap: MiddlewareHandler<PlatformEnv> =
        'readByHandler' in route ? async (_c, next) => next() : limitBody(route.maxBytes, route.title);
      return [route.path, { adminOnly: route.adminOnly === true, cap }] as const;
    }),
  );
  return createMiddleware<PlatformEnv>(async (c, next) => {
    const route = byPath.get(c.req.path);
    if (route?.adminOnly && !c.var.user.isAdmin)
      throw new ProblemError(403, 'Forbidden', 'Only administrators may send this request.');
    if (isJson(c.req.header('content-type'))) return limitJsonBody(c, next);
    return (route?.cap ?? other)(c, next);
  });
}
