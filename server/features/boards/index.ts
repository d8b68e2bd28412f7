/** Boards: what the rest of the server may use of them (its router and its part of the app's dependencies). */
import type { AppEnv } from '../../app-context';
import type { Database } from '../../platform/db/open-database';
import { createRouter } from '../../platform/http/router';
import * as handlers from './boards.handlers';
import { type BoardsRepository, createBoardsRepository } from './boards.repository';
import * as routes from './boards.routes';

export const boardsRouter = createRouter<AppEnv>()
  .openapi(routes.listBoards, handlers.list)
  .openapi(routes.createBoard, handlers.create)
  .openapi(routes.getBoard, handlers.get)
  .openapi(routes.updateBoard, handlers.update)
  .openapi(routes.deleteBoard, handlers.remove)
  .openapi(routes.boardProducts, handlers.products);

export interface BoardsDeps {
  boards: BoardsRepository;
}

export const createBoardsDeps = (db: Database): BoardsDeps => ({ boards: createBoardsRepository(db) });
export type { BoardsRepository };
