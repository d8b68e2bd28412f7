import { createRouter } from '../../app-context';
import * as handlers from './boards.handlers';
import * as routes from './boards.routes';

export const boardsRouter = createRouter()
  .openapi(routes.listBoards, handlers.list)
  .openapi(routes.createBoard, handlers.create)
  .openapi(routes.getBoard, handlers.get)
  .openapi(routes.updateBoard, handlers.update)
  .openapi(routes.deleteBoard, handlers.remove);
