import { createRoute, z } from '@hono/zod-openapi';
import {
  CreatePinSchema,
  IdempotencyKeySchema,
  PinPageSchema,
  PinSchema,
  PinSearchQuerySchema,
  PinSearchResponseSchema,
  SavedLookupRequestSchema,
  SavedLookupSchema,
  SavePinResultSchema,
  SimilarPinsQuerySchema,
  SimilarPinsRequestSchema,
  text,
  UpdatePinSchema,
} from '../../../utils/contract';
import {
  authProblems,
  BEARER_SECURITY,
  imageQueryProblems,
  jsonContent,
  problemContent,
} from '../../platform/http/openapi-helpers';

const tags = ['Pins'];
const PinParams = z.object({ id: z.uuid() });

export const listBoardPins = createRoute({
  method: 'get',
  path: '/v1/boards/{id}/pins',
  tags,
  summary: 'A board’s pins, newest first, a page at a time',
  security: BEARER_SECURITY,
  request: {
    params: z.object({ id: z.uuid() }),
    query: z.object({
      cursor: text().max(64).optional().meta({ description: 'The `nextCursor` of the previous page' }),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
  },
  responses: {
    200: jsonContent(PinPageSchema, 'One page of pins; `nextCursor` is null on the last page'),
    400: problemContent('Invalid cursor or limit'),
    404: problemContent('No such board of yours'),
    ...authProblems,
  },
});

export const createPin = createRoute({
  method: 'post',
  path: '/v1/pins',
  tags,
  summary: 'Save an image to a board, exactly once',
  description:
    'Send an `Idempotency-Key` (the client’s id for this save) and retry freely: every retry returns the pin the first attempt made. ' +
    'Saving an image a board already has answers 200 with `outcome: "already-saved"` and the existing pin.',
  security: BEARER_SECURITY,
  request: {
    headers: z.object({ 'idempotency-key': IdempotencyKeySchema.optional() }),
    body: { content: { 'application/json': { schema: CreatePinSchema } }, required: true },
  },
  responses: {
    201: jsonContent(SavePinResultSchema, 'Saved (or a retry of a save that was)'),
    200: jsonContent(SavePinResultSchema, 'The board already had this image'),
    400: problemContent('Invalid pin'),
    404: problemContent('No such board of yours'),
    422: problemContent(
      'The Idempotency-Key was used for a different save, or a URL was refused (type urn:loupe:problem:url-refused): a private or reserved address, or credentials',
    ),
    ...authProblems,
  },
});

export const updatePin = createRoute({
  method: 'patch',
  path: '/v1/pins/{id}',
  tags,
  summary: 'Edit a pin’s note or tags, or move it to another board',
  security: BEARER_SECURITY,
  request: {
    params: PinParams,
    body: { content: { 'application/json': { schema: UpdatePinSchema } }, required: true },
  },
  responses: {
    200: jsonContent(PinSchema, 'The changed pin'),
    400: problemContent('Invalid change'),
    404: problemContent('No such pin or board of yours'),
    409: problemContent('The target board already has this image'),
    ...authProblems,
  },
});

export const deletePin = createRoute({
  method: 'delete',
  path: '/v1/pins/{id}',
  tags,
  summary: 'Delete a pin',
  security: BEARER_SECURITY,
  request: { params: PinParams },
  responses: { 204: { description: 'Deleted' }, 404: problemContent('No such pin of yours'), ...authProblems },
});

export const lookupPins = createRoute({
  method: 'post',
  path: '/v1/pins/lookup',
  tags,
  summary: 'Which of these images you have saved, and to which boards',
  security: BEARER_SECURITY,
  request: { body: { content: { 'application/json': { schema: SavedLookupRequestSchema } }, required: true } },
  responses: {
    200: jsonContent(SavedLookupSchema, 'Your pins of these images'),
    400: problemContent('Invalid request'),
    ...authProblems,
  },
});

export const searchPins = createRoute({
  method: 'get',
  path: '/v1/pins/search',
  tags,
  summary: 'Search your saves by words',
  description:
    'Words match your pins by their text (page title, alt text, note, tags, product name and brand; websearch syntax: "a phrase", -not, or) ' +
    'and, when the embedding model reads text (CLIP), by what their images show. The two rankings are fused by reciprocal rank; ' +
    '`similarity` is the fused score (1: first both ways) and `matched` says which ways found the pin.',
  security: BEARER_SECURITY,
  request: { query: PinSearchQuerySchema },
  responses: {
    200: jsonContent(PinSearchResponseSchema, 'Your matching pins, best first'),
    400: problemContent('Invalid query'),
    ...authProblems,
  },
});

export const similarPins = createRoute({
  method: 'post',
  path: '/v1/pins/similar',
  tags,
  summary: 'More like this: your pins that look like an image or a pin',
  description:
    'Send the image bytes (`Content-Type: image/*`), JSON `{"url": "…"}` for the server to fetch (public addresses only), or `{"pinId": "…"}`, ' +
    'one of your pins (left out of its own results). `similarity` is the cosine similarity of the image embeddings. ' +
    'Answers 503 when the embedding model is not installed or the database has no pgvector.',
  security: BEARER_SECURITY,
  request: {
    query: SimilarPinsQuerySchema,
    body: {
      required: false,
      content: {
        'application/json': { schema: SimilarPinsRequestSchema },
        'image/*': { schema: z.string().meta({ format: 'binary', description: 'The image itself' }) },
      },
    },
  },
  responses: {
    200: jsonContent(PinSearchResponseSchema, 'Your pins, closest first'),
    ...imageQueryProblems,
    ...authProblems,
  },
});
