import type { RouteHandler } from '@hono/zod-openapi';
import type { AppEnv } from '../../app-context';
import { ProblemError } from '../../platform/http/problem';
import { imageSearchProblem } from '../catalog';
import { shopBoard } from './board-products';
import { BoardNameTakenError } from './boards.repository';
import type * as routes from './boards.routes';

const noSuchBoard = () => new ProblemError(404, 'Not found', 'You have no board with that id.');
const nameTaken = (error: unknown) => {
  if (error instanceof BoardNameTakenError) throw new ProblemError(409, 'Board name taken', error.message);
  throw error;
};

export const list: RouteHandler<typeof routes.listBoards, AppEnv> = async (c) =>
  c.json({ items: await c.var.deps.boards.list(c.var.user.id) }, 200);

export const create: RouteHandler<typeof routes.createBoard, AppEnv> = async (c) => {
  const board = await c.var.deps.boards.create(c.var.user.id, c.req.valid('json')).catch(nameTaken);
  return c.json(board, 201, { location: `/v1/boards/${board.id}` });
};

export const get: RouteHandler<typeof routes.getBoard, AppEnv> = async (c) => {
  const board = await c.var.deps.boards.find(c.var.user.id, c.req.valid('param').id);
  if (!board) throw noSuchBoard();
  return c.json(board, 200);
};

export const update: RouteHandler<typeof routes.updateBoard, AppEnv> = async (c) => {
  const board = await c.var.deps.boards
    .update(c.var.user.id, c.req.valid('param').id, c.req.valid('json'))
    .catch(nameTaken);
  if (!board) throw noSuchBoard();
  return c.json(board, 200);
};

export const remove: RouteHandler<typeof routes.deleteBoard, AppEnv> = async (c) => {
  if (!(await c.var.deps.boards.remove(c.var.user.id, c.req.valid('param').id))) throw noSuchBoard();
  return c.body(null, 204);
};

export const products: RouteHandler<typeof routes.boardProducts, AppEnv> = async (c) => {
  const { k, ...filters } = c.req.valid('query');
  const found = await shopBoard(c.var.deps, c.var.user.id, c.req.valid('param').id, { k, filters }).catch(
    imageSearchProblem,
  );
  if (!found) throw noSuchBoard();
  return c.json(found, 200);
};
