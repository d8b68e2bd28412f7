import { createHash } from 'node:crypto';
import type { RouteHandler } from '@hono/zod-openapi';
import type { Handler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ProvenanceRequestSchema } from '../../../../utils/contract/provenance';
import type { AppEnv } from '../../../app-context';
import { BodyTooLargeError, inImageLine, inImageWorkSlot, readCapped } from '../../../platform/http/limits';
import { ProblemError, RequestValidationError } from '../../../platform/http/problem';
import { analyzeProvenance } from '../analyze';
import { provenanceProblem } from '../problem';
import { safeFetch, SafeFetchError } from '../../../platform/safe-fetch';
import { fetchProblem } from '../../../platform/http/fetch-problem';
import { declaredSha256 } from './content-digest';
import type * as routes from './provenance.routes';

/** A `{"url": …}` body is tiny; anything bigger is not one. */
const MAX_JSON_BYTES = 16 * 1024;

const tooLarge = (limit: number, what: string) =>
  new ProblemError(413, 'Image too large', `The ${what} is over the ${limit}-byte limit.`, { connection: 'close' });

/** The library's typed errors as problems; anything else is a bug and stays a 500. */
function asProblem(error: unknown): never {
  const problem = provenanceProblem(error);
  if (!problem) throw error;
  if (error instanceof SafeFetchError) throw fetchProblem(error);
  throw new ProblemError(
    problem.status as ContentfulStatusCode,
    problem.title,
    `${problem.detail[0]?.toUpperCase() ?? ''}${problem.detail.slice(1)}.`,
  );
}

/** The media type without parameters, lower case: `image/png; q=1` → `image/png`. */
const essence = (contentType: string | undefined) => (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';

/** Reads and checks a `{"url": …}` body: a body the contract refuses is a 400 naming what is wrong. */
async function readUrlRequest(request: Request): Promise<string> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readCapped(request, MAX_JSON_BYTES));
  } catch (error) {
    if (error instanceof BodyTooLargeError)
      throw new ProblemError(413, 'Request too large', `A {"url": …} body is at most ${MAX_JSON_BYTES} bytes.`, {
        connection: 'close',
      });
    throw new ProblemError(400, 'Invalid JSON', 'The request body is not UTF-8 text.');
  }
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ProblemError(400, 'Invalid JSON', 'The request body is not valid JSON; send {"url": "https://…"}.');
  }
  const parsed = ProvenanceRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data.url;
  throw new RequestValidationError(parsed.error, 'body');
}

/**
 * `POST /v1/provenance`. An answer already cached is given at once: a `{url}` this user asked
 * about lately whose image's answer is still cached, or an upload whose `Content-Digest` names a
 * cached image (its body is then not read). Anything else is image work and waits for a slot of
 * the image-work line before it fetches or reads the image.
 */
export const analyze: Handler<AppEnv> = async (c) => {
  const { provenance: settings, provenanceUrls, provenanceCache } = c.var.deps;
  const userId = c.var.user.id;
  const type = essence(c.req.header('content-type'));
  const analyse = (bytes: Uint8Array, sha256?: string) =>
    analyzeProvenance(bytes, {
      sha256,
      trust: settings.trust,
      maxBytes: settings.maxBytes,
      timeBudgetMs: settings.timeBudgetMs,
      provisionalAfterMs: settings.provisionalAfterMs,
      cache: provenanceCache,
    }).catch(asProblem);

  if (type === 'application/json') {
    const url = await readUrlRequest(c.req.raw); // at most 16 KiB: read before the line
    const remembered = provenanceUrls.recall(userId, url);
    const cached = remembered && provenanceCache.get(remembered, settings.trust);
    if (cached) return c.json(cached, 200);

    const result = await inImageWorkSlot(c, async () => {
      const fetched = await safeFetch(url, {
        maxBytes: settings.maxBytes,
        timeoutMs: settings.fetchTimeoutMs,
        allowPrivate: settings.allowPrivate,
        resolve: settings.resolve,
      }).catch(asProblem);
      if (!fetched.format) {
        throw new ProblemError(
          415,
          'Unsupported image',
          `The URL answered with ${fetched.declaredContentType ?? 'something'} that is not a supported image (JPEG, PNG, WebP, AVIF, HEIC, SVG, GIF or TIFF).`,
        );
      }
      return analyse(fetched.bytes);
    });
    provenanceUrls.remember(userId, url, result.sha256);
    return c.json(result, 200);
  }

  if (type.startsWith('image/') || type === 'application/octet-stream') {
    const declared = declaredSha256(c.req.header('content-digest'));
    const cached = declared && provenanceCache.get(declared, settings.trust);
    // The body is left unread: the server discards whatever of it still arrives (@hono/node-server drains it), never holding it.
    if (cached) return c.json(cached, 200);
    if (Number(c.req.header('content-length')) > settings.maxBytes) throw tooLarge(settings.maxBytes, 'image'); // no slot needed to say so

    // The upload is read in this token's place of the line, and a slot taken once it is all here.
    const result = await inImageLine(c, async (inSlot) => {
      let bytes: Uint8Array;
      try {
        bytes = await readCapped(c.req.raw, settings.maxBytes);
      } catch (error) {
        if (error instanceof BodyTooLargeError) throw tooLarge(settings.maxBytes, 'image');
        throw new ProblemError(400, 'Unreadable body', 'The upload was interrupted or malformed.');
      }
      if (bytes.length === 0) throw new ProblemError(400, 'Empty body', 'Send the image bytes as the request body.');
      // Checked before any analysis, and then not hashed a second time.
      if (declared && createHash('sha256').update(bytes).digest('hex') !== declared) {
        throw new ProblemError(
          400,
          'Content-Digest mismatch',
          "The body's SHA-256 is not the one its Content-Digest header declares: the upload was altered or cut short.",
        );
      }
      return inSlot(() => analyse(bytes, declared));
    });
    return c.json(result, 200);
  }

  throw new ProblemError(
    415,
    'Unsupported media type',
    `Send the image bytes with an image/* Content-Type, or {"url": "…"} as application/json (got ${type || 'no Content-Type'}).`,
  );
};

/** `GET /v1/provenance/{sha256}`: what the cache holds for these bytes (provisional, then final), for polling. */
export const getCached: RouteHandler<typeof routes.getProvenance, AppEnv> = (c) => {
  const { sha256 } = c.req.valid('param');
  const result = c.var.deps.provenanceCache.get(sha256, c.var.deps.provenance.trust);
  if (!result)
    throw new ProblemError(
      404,
      'Not found',
      'No provenance answer for this image is cached here; send the image with POST /v1/provenance.',
    );
  return c.json(result, 200);
};
