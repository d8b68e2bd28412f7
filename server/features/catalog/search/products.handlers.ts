import type { RouteHandler } from '@hono/zod-openapi';
import type { ProductFilters, SimilarProductsRequest } from '../../../../utils/contract';
import type { AppEnv } from '../../../app-context';
import { MAX_IMAGE_BYTES, NotAnImageError } from '../catalog-service';
import { PgvectorMissingError, requireVectors } from '../vector-store';
import { ImageRejectedError, ModelUnavailableError } from '../embeddings';
import { uploadedImage } from '../../../platform/http/image-body';
import { ProblemError } from '../../../platform/http/problem';
import { SafeFetchError } from '../../../platform/safe-fetch';
import { fetchProblem } from '../../../platform/http/fetch-problem';
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

const filtersOf = ({ k: _k, q: _q, ...filters }: ProductFilters & { k: number; q?: string }): ProductFilters => filters;

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

  let bytes = await uploadedImage(c, MAX_IMAGE_BYTES, '{"url": …} or {"pinId": …}');
  if (!bytes) {
    const body = c.req.valid('json') as SimilarProductsRequest;
    let url: string;
    if ('pinId' in body) {
      const pin = await pins.find(c.var.user.id, body.pinId);
      if (!pin) throw new ProblemError(404, 'Not found', 'You have no pin with that id.');
      url = pin.imageUrl;
    } else {
      url = body.url;
    }
    bytes = await catalog.fetchImage(url).catch(asProblem);
  }
  const results = await catalog
    .similarToImage(bytes, { k: query.k, filters: filtersOf(query), viewerId: c.var.user.id })
    .catch(asProblem);
  return c.json({ results }, 200);
};

export const search: RouteHandler<typeof routes.searchProducts, AppEnv> = async (c) => {
  const query = c.req.valid('query');
  const results = await c.var.deps.catalog
    .searchText(query.q, { k: query.k, filters: filtersOf(query), viewerId: c.var.user.id })
    .catch(asProblem);
  return c.json({ results }, 200);
};
