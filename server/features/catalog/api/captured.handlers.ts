import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../../app-context';
import { CapturedProductIncompleteError, capturedProductUrls } from '../captured-products';
import { refuseUrlsNotFetched } from '../../../platform/http/fetch-problem';
import { ProblemError } from '../../../platform/http/problem';
import type * as routes from './captured.routes';

export const add: RouteHandler<typeof routes.addCaptured, AppEnv> = async (c) => {
  const { product, pageUrl } = c.req.valid('json');
  // Refused when sent, as the fetch of its images would be, rather than accepted and only logged then.
  // The server's one DNS (provenance's resolver), as for a pin's URLs.
  const { resolve } = c.var.deps.provenance;
  await refuseUrlsNotFetched([{ field: 'pageUrl', url: pageUrl }, ...capturedProductUrls(product)], {
    allowPrivate: c.var.deps.catalog.settings.fetchAllowPrivate,
    ...(resolve ? { resolve } : {}),
  });
  try {
    const result = await c.var.deps.catalog.captured.add(c.var.user.id, product, pageUrl);
    return result.outcome === 'created' ? c.json(result, 201) : c.json(result, 200);
  } catch (error) {
    if (error instanceof CapturedProductIncompleteError)
      throw new ProblemError(422, 'Product incomplete', error.message);
    throw error;
  }
};

export const forget: RouteHandler<typeof routes.forgetCaptured, AppEnv> = async (c) => {
  const removed = await c.var.deps.catalog.captured.forget(c.var.user.id);
  return c.json({ removed }, 200);
};
