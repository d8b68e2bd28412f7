import { createRoute, z } from '@hono/zod-openapi';
import {
  ProductSearchResponseSchema,
  ProductTextSearchQuerySchema,
  SimilarProductsQuerySchema,
  SimilarProductsRequestSchema,
  SimilarProductsResponseSchema,
} from '../../../../utils/contract';
import {
  authProblems,
  BEARER_SECURITY,
  imageQueryProblems,
  jsonContent,
  problemContent,
} from '../../../platform/http/openapi-helpers';

const tags = ['Products'];
const ImageBytes = z
  .string()
  .meta({ format: 'binary', description: 'The image itself (JPEG, PNG, WebP, GIF, AVIF, TIFF, SVG)' });

export const similarProducts = createRoute({
  method: 'post',
  path: '/v1/products/similar',
  tags,
  summary: 'Products that look like an image: “find where to buy what you see”',
  description:
    'Send the image bytes (`Content-Type: image/*`), JSON `{"url": "…"}` for the server to fetch (public addresses only), or `{"pinId": "…"}`, one of your pins. ' +
    'Results are ordered by how alike the images are: `similarity`, 0 to 1 (the cosine similarity of image embeddings; `score` is the same figure unclamped). ' +
    '`close` marks results at or above `closeMatchSimilarity`, and `closeMatch` says whether any is: when it is false, nothing in the catalogue looks like the image. ' +
    'To search a part of the image (a lamp in a living-room photo), send `region` (fractions of its width and height): in the JSON body beside `url` or `pinId`, or as `?region=left,top,width,height` with an upload; the server crops it before embedding. ' +
    'Filters and `k` are query parameters. ' +
    'Answers 503 when the embedding model is not installed or the database has no pgvector, saying how to fix it.',
  security: BEARER_SECURITY,
  request: {
    query: SimilarProductsQuerySchema,
    body: {
      required: false,
      content: { 'application/json': { schema: SimilarProductsRequestSchema }, 'image/*': { schema: ImageBytes } },
    },
  },
  responses: {
    200: jsonContent(SimilarProductsResponseSchema, 'The nearest products, closest first, and whether any is close'),
    ...imageQueryProblems,
    ...authProblems,
  },
});

export const searchProducts = createRoute({
  method: 'get',
  path: '/v1/products/search',
  tags,
  summary: 'Keyword search over the catalogue',
  description:
    'Postgres full-text search over title, brand and description, blended with text-to-image similarity when the embedding model has a text tower (CLIP). ' +
    '`score` is in 0..1, higher is better.',
  security: BEARER_SECURITY,
  request: { query: ProductTextSearchQuerySchema },
  responses: {
    200: jsonContent(ProductSearchResponseSchema, 'Matching products, best first'),
    400: problemContent('Invalid query or filters'),
    ...authProblems,
  },
});
