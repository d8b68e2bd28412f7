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
import { inImageLine, inImageWorkSlot } from '../../../platform/http/limits';
import { imageBodyKind, readUploadedImage } from '../../../platform/http/image-body';
import { SafeFetchError } from '../../../platform/safe-fetch';
import { fetchProblem } from '../../../platform/http/fetch-problem';
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
  if (error instanceof SafeFetchError) throw fetchProblem(error);
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
  // Fail fast, before fetching or reading anything, when search cannot work.
  await requireVectors(c.var.deps.database.db).catch(asProblem);
  try {
    void catalog.embedder.dimensions;
  } catch (error) {
    asProblem(error);
  }

  let region = regionOfQuery(query.region);
  const similarTo = (bytes: Uint8Array) =>
    catalog
      .similarToImage(bytes, {
        k: query.k,
        filters: filtersOf(query),
        viewerId: c.var.user.id,
        ...(region ? { region } : {}),
      })
      .catch(asProblem);

  let results;
  if (imageBodyKind(c, MAX_IMAGE_BYTES, '{"url": …} or {"pinId": …}') === 'json') {
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
    results = await inImageWorkSlot(c, async () => similarTo(await catalog.fetchImage(url).catch(asProblem)));
  } else {
    // The upload is read in this token's place of the line, and a slot taken once it is all here.
    results = await inImageLine(c, async (inSlot) => {
      const bytes = await readUploadedImage(c, MAX_IMAGE_BYTES);
      return inSlot(() => similarTo(bytes));
    });
  }
  return c.json(withCloseness(results), 200);
};

export const search: RouteHandler<typeof routes.searchProducts, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const results = await c.var.deps.catalog
    .searchText(query.q, { k: query.k, filters: filtersOf(query), viewerId: c.var.user.id })
    .catch(asProblem);
  return c.json({ results }, 200);
};
