import { createRoute, z } from '@hono/zod-openapi';
import { BoardListSchema, BoardSchema, CreateBoardSchema, UpdateBoardSchema } from '../../../utils/contract';
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
