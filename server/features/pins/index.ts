import { createRouter } from '../../app-context';
import * as handlers from './pins.handlers';
import * as routes from './pins.routes';

export const pinsRouter = createRouter()
  .openapi(routes.listBoardPins, handlers.listForBoard)
  .openapi(routes.lookupPins, handlers.lookup)
  .openapi(routes.createPin, handlers.create)
  .openapi(routes.updatePin, handlers.update)
  .openapi(routes.deletePin, handlers.remove);
