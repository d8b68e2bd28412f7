import type { RouteHandler } from '@hono/zod-openapi';
import type { SimilarPinsRequest } from '../../../utils/contract';
import type { AppEnv } from '../../app-context';
import { refuseUrlsNotFetched } from '../../platform/http/fetch-problem';
import { imageBodyKind, readUploadedImage } from '../../platform/http/image-body';
import { inImageLine, inImageWorkSlot } from '../../platform/http/limits';
import { ProblemError } from '../../platform/http/problem';
import { capturedProductUrls, imageSearchProblem, MAX_IMAGE_BYTES } from '../catalog';
import { decodeCursor, IdempotencyKeyReusedError, PinAlreadyOnBoardError, UnknownBoardError } from './pins.repository';
import type * as routes from './pins.routes';

/** Repository errors to the problems a client sees. */
function asProblem(error: unknown): never {
  if (error instanceof UnknownBoardError) throw new ProblemError(404, 'Not found', 'You have no board with that id.');
  if (error instanceof IdempotencyKeyReusedError) throw new ProblemError(422, 'Idempotency-Key reused', error.message);
  if (error instanceof PinAlreadyOnBoardError) throw new ProblemError(409, 'Already on that board', error.message);
  throw error;
}

export const listForBoard: RouteHandler<typeof routes.listBoardPins, AppEnv> = async (c) => {
  const { cursor, limit } = c.req.valid('query');
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  if (cursor !== undefined && after === undefined)
    throw new ProblemError(400, 'Invalid cursor', 'Pass back the nextCursor of a previous page, unchanged.');
  const page = await c.var.deps.pins.listForBoard(c.var.user.id, c.req.valid('param').id, { after, limit });
  if (!page) throw new ProblemError(404, 'Not found', 'You have no board with that id.');
  return c.json(page, 200);
};

export const create: RouteHandler<typeof routes.createPin, AppEnv> = async (c) => {
  const key = c.req.valid('header')['idempotency-key'];
  const pin = c.req.valid('json');
  // The image is fetched after the answer (enrichment): a URL that fetch would refuse is refused now, not only logged then.
  const { allowPrivate, resolve } = c.var.deps.provenance;
  await refuseUrlsNotFetched(
    [
      { field: 'imageUrl', url: pin.imageUrl },
      ...(pin.sourceUrl ? [{ field: 'sourceUrl', url: pin.sourceUrl }] : []),
      ...(pin.product ? capturedProductUrls(pin.product) : []),
    ],
    { allowPrivate, ...(resolve ? { resolve } : {}) },
  );
  const result = await c.var.deps.pins.save(c.var.user.id, key, pin).catch(asProblem);
  if (result.outcome === 'created') c.var.deps.pinEnrichment.enqueue(result.pin);
  return result.outcome === 'created'
    ? c.json(result, 201, { location: `/v1/pins/${result.pin.id}` })
    : c.json(result, 200);
};

export const update: RouteHandler<typeof routes.updatePin, AppEnv> = async (c) => {
  const pin = await c.var.deps.pins
    .update(c.var.user.id, c.req.valid('param').id, c.req.valid('json'))
    .catch(asProblem);
  if (!pin) throw new ProblemError(404, 'Not found', 'You have no pin with that id.');
  return c.json(pin, 200);
};

export const remove: RouteHandler<typeof routes.deletePin, AppEnv> = async (c) => {
  if (!(await c.var.deps.pins.remove(c.var.user.id, c.req.valid('param').id)))
    throw new ProblemError(404, 'Not found', 'You have no pin with that id.');
  return c.body(null, 204);
};

export const lookup: RouteHandler<typeof routes.lookupPins, AppEnv> = async (c) =>
  c.json({ saved: await c.var.deps.pins.lookup(c.var.user.id, c.req.valid('json').imageUrls) }, 200);

export const search: RouteHandler<typeof routes.searchPins, AppEnv> = async (c) => {
  const { q, k } = c.req.valid('query');
  return c.json({ results: await c.var.deps.pinSearch.byWords(c.var.user.id, q, k) }, 200);
};

export const similar: RouteHandler<typeof routes.similarPins, AppEnv> = async (c) => {
  const { pinSearch, catalog } = c.var.deps;
  const { k } = c.req.valid('query');
  const userId = c.var.user.id;
  const likeImage = (bytes: Uint8Array) => pinSearch.likeImage(userId, bytes, k).catch(imageSearchProblem);
  if (imageBodyKind(c, MAX_IMAGE_BYTES, '{"url": …} or {"pinId": …}') === 'image') {
    // Read in this token's place of the image line; a work slot only once the bytes are here.
    const results = await inImageLine(c, async (inSlot) => {
      const bytes = await readUploadedImage(c, MAX_IMAGE_BYTES);
      return inSlot(() => likeImage(bytes));
    });
    return c.json({ results }, 200);
  }
  const body = c.req.valid('json') as SimilarPinsRequest;
  if ('pinId' in body) {
    const results = await pinSearch.likePin(userId, body.pinId, k).catch(imageSearchProblem);
    if (!results) throw new ProblemError(404, 'Not found', 'You have no pin with that id.');
    return c.json({ results }, 200);
  }
  const results = await inImageWorkSlot(c, async () =>
    likeImage(await catalog.fetchImage(body.url).catch(imageSearchProblem)),
  );
  return c.json({ results }, 200);
};
