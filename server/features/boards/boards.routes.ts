import { createRoute, z } from '@hono/zod-openapi';
import {
  BoardListSchema,
  BoardProductsQuerySchema,
  BoardProductsResponseSchema,
  BoardSchema,
  CreateBoardSchema,
  UpdateBoardSchema,
} from '../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../platform/http/openapi-helpers';

const tags = ['Boards'];
const BoardParams = z.object({ id: z.uuid() });

export const listBoards = createRoute({
  method: 'get',
  path: '/v1/boards',
  tags,
  summary: 'Your boards, most recently used first',
  security: BEARER_SECURITY,
  responses: { 200: jsonContent(BoardListSchema, 'The boards'), ...authProblems },
});

export const createBoard = createRoute({
  method: 'post',
  path: '/v1/boards',
  tags,
  summary: 'Create a board',
  security: BEARER_SECURITY,
  request: { body: { content: { 'application/json': { schema: CreateBoardSchema } }, required: true } },
  responses: {
    201: jsonContent(BoardSchema, 'The new board'),
    400: problemContent('Invalid board'),
    409: problemContent('You already have a board with that name'),
    ...authProblems,
  },
});

export const getBoard = createRoute({
  method: 'get',
  path: '/v1/boards/{id}',
  tags,
  summary: 'One board',
  security: BEARER_SECURITY,
  request: { params: BoardParams },
  responses: {
    200: jsonContent(BoardSchema, 'The board'),
    404: problemContent('No such board of yours'),
    ...authProblems,
  },
});

export const updateBoard = createRoute({
  method: 'patch',
  path: '/v1/boards/{id}',
  tags,
  summary: 'Rename a board or change its description',
  security: BEARER_SECURITY,
  request: {
    params: BoardParams,
    body: { content: { 'application/json': { schema: UpdateBoardSchema } }, required: true },
  },
  responses: {
    200: jsonContent(BoardSchema, 'The changed board'),
    400: problemContent('Invalid change'),
    404: problemContent('No such board of yours'),
    409: problemContent('You already have a board with that name'),
    ...authProblems,
  },
});

export const deleteBoard = createRoute({
  method: 'delete',
  path: '/v1/boards/{id}',
  tags,
  summary: 'Delete a board and its pins',
  security: BEARER_SECURITY,
  request: { params: BoardParams },
  responses: { 204: { description: 'Deleted' }, 404: problemContent('No such board of yours'), ...authProblems },
});

export const boardProducts = createRoute({
  method: 'get',
  path: '/v1/boards/{id}/products',
  tags,
  summary: 'Shop this board: products that look like its pins',
  description:
    'Each of the board’s newest embedded pins (up to 24) finds the products that look like it; the lists are merged round robin ' +
    '(every pin’s best match, then every pin’s second…; within a round, what more pins rank high first), so every pin counts the same ' +
    'and none is averaged away. `because` names the pins a product looks like, the closest match first; ' +
    '`score` is the reciprocal rank fusion score (1: first for every pin). The product search filters apply. ' +
    'Answers 503 when the embedding model is not installed or the database has no pgvector.',
  security: BEARER_SECURITY,
  request: { params: BoardParams, query: BoardProductsQuerySchema },
  responses: {
    200: jsonContent(BoardProductsResponseSchema, 'Products, best first, with the pins behind each'),
    400: problemContent('Invalid filters'),
    404: problemContent('No such board of yours'),
    503: problemContent('No embedding model installed, or the database lacks pgvector'),
    ...authProblems,
  },
});
