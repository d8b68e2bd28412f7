import type { RouteHandler } from '@hono/zod-openapi';
import {
  type ImageRegion,
  parseRegionParam,
  type ProductFilters,
  type SimilarProductsRequest,
} from '../../../../utils/contract';
import type { AppEnv } from '../../../app-context';
import { MAX_IMAGE_BYTES, NotAnImageError } from '../catalog-service';
import { PgvectorMissingError, requireVectors } from '../vector-store';
import { ImageRejectedError, ModelUnavailableError } from '../embeddings';
import { ProblemError } from '../../../platform/http/problem';
import { SafeFetchError } from '../../../platform/safe-fetch';
import { withCloseness } from './closeness';
import type * as routes from './products.routes';

/** Library errors to the problems a client sees. */
export function asProblem(error: unknown): never {
  if (error instanceof ModelUnavailableError) throw new ProblemError(503, 'Image search unavailable', error.message);
  if (error instanceof PgvectorMissingError) throw new ProblemError(503, 'Image search unavailable', error.message);
  if (error instanceof ImageRejectedError) {
    throw new ProblemError(
      error.rejection === 'too_large' ? 413 : 400,
      error.rejection === 'too_large' ? 'Image too large' : 'Unusable image',
      error.message,
    );
  }
  if (error instanceof NotAnImageError) throw new ProblemError(400, 'Not an image', error.message);
  if (error instanceof SafeFetchError) {
    const status = error.status as 400 | 413 | 502 | 504;
    throw new ProblemError(status, status === 400 ? 'URL refused' : 'Could not fetch the image', error.message);
  }
  throw error;
}

const filtersOf = ({
  k: _k,
  q: _q,
  region: _region,
  ...filters
}: ProductFilters & { k: number; q?: string; region?: string }): ProductFilters => filters;

/** The region of an upload (`?region=`), checked before the image is read. */
function regionOfQuery(text: string | undefined): ImageRegion | undefined {
  if (text === undefined) return undefined;
  const parsed = parseRegionParam(text);
  if ('error' in parsed) throw new ProblemError(400, 'Invalid region', parsed.error);
  return parsed.region;
}

export const similar: RouteHandler<typeof routes.similarProducts, AppEnv> = async (c) => {
  const { catalog, pins } = c.var.deps;
  const query = c.req.valid('query');
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  // Fail fast, before fetching or reading anything, when search cannot work.
  await requireVectors(c.var.deps.database.db).catch(asProblem);
  try {
    void catalog.embedder.dimensions;
  } catch (error) {
    asProblem(error);
  }

  let bytes: Uint8Array;
  let region = regionOfQuery(query.region);
  if (contentType.startsWith('application/json')) {
    const body = c.req.valid('json') as SimilarProductsRequest;
    if (body.region && region)
      throw new ProblemError(
        400,
        'Invalid region',
        'Send the region once: in the JSON body, or as ?region=, not both.',
      );
    region = body.region ?? region;
    let url: string;
    if ('pinId' in body) {
      const pin = await pins.find(c.var.user.id, body.pinId);
      if (!pin) throw new ProblemError(404, 'Not found', 'You have no pin with that id.');
      url = pin.imageUrl;
    } else {
      url = body.url;
    }
    bytes = await catalog.fetchImage(url).catch(asProblem);
  } else if (contentType.startsWith('image/')) {
    const declared = Number(c.req.header('content-length'));
    if (declared > MAX_IMAGE_BYTES)
      throw new ProblemError(413, 'Image too large', `Send at most ${MAX_IMAGE_BYTES} bytes.`);
    bytes = new Uint8Array(await c.req.arrayBuffer());
    if (bytes.length > MAX_IMAGE_BYTES)
      throw new ProblemError(413, 'Image too large', `Send at most ${MAX_IMAGE_BYTES} bytes.`);
    if (bytes.length === 0) throw new ProblemError(400, 'Unusable image', 'The request body is empty.');
  } else {
    throw new ProblemError(
      415,
      'Unsupported media type',
      'Send the image as image/*, or JSON {"url": …} or {"pinId": …}.',
    );
  }
  const results = await catalog
    .similarToImage(bytes, {
      k: query.k,
      filters: filtersOf(query),
      viewerId: c.var.user.id,
      ...(region ? { region } : {}),
    })
    .catch(asProblem);
  return c.json(withCloseness(results), 200);
};

export const search: RouteHandler<typeof routes.searchProducts, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const results = await c.var.deps.catalog
    .searchText(query.q, { k: query.k, filters: filtersOf(query), viewerId: c.var.user.id })
    .catch(asProblem);
  return c.json({ results }, 200);
};
