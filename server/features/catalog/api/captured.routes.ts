import { createRoute } from '@hono/zod-openapi';
import {
  AddCapturedProductResultSchema,
  AddCapturedProductSchema,
  ForgetCapturedProductsResultSchema,
} from '../../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../../platform/http/openapi-helpers';

const tags = ['Catalogue'];

export const addCaptured = createRoute({
  method: 'post',
  path: '/v1/catalog/captured',
  tags,
  summary: 'Add a product captured on a page you saved from to your own catalogue',
  description:
    'The product (as the extension captured it) and the page it was on. It joins your catalogue under source `captured`: your similar and keyword ' +
    'searches find it, nobody else’s do. Idempotent per product link (the product’s `url`, else `pageUrl`): sending it again updates it. ' +
    'Its first image is fetched (public addresses only) and embedded in the background. A product without a price, an ISO 4217 currency or an ' +
    'image cannot join a catalogue: 422, saying what is missing.',
  security: BEARER_SECURITY,
  request: { body: { required: true, content: { 'application/json': { schema: AddCapturedProductSchema } } } },
  responses: {
    201: jsonContent(AddCapturedProductResultSchema, 'Added'),
    200: jsonContent(AddCapturedProductResultSchema, 'Already in your catalogue: updated, or unchanged'),
    400: problemContent('Invalid request'),
    422: problemContent(
      'The product lacks a price, currency or image, or a URL was refused (type urn:loupe:problem:url-refused): a private or reserved address, or credentials',
    ),
    ...authProblems,
  },
});

export const forgetCaptured = createRoute({
  method: 'delete',
  path: '/v1/catalog/captured',
  tags,
  summary: 'Forget every product you captured',
  description:
    'Removes all your captured products (and their image embeddings) from your catalogue. Other users’ and the shared catalogue are untouched.',
  security: BEARER_SECURITY,
  responses: {
    200: jsonContent(ForgetCapturedProductsResultSchema, 'How many were removed'),
    ...authProblems,
  },
});
