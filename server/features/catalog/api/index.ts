import { createRouter } from '../../../app-context';
import * as captured from './captured.handlers';
import * as capturedRoutes from './captured.routes';
import * as handlers from './catalog.handlers';
import * as routes from './catalog.routes';

export const catalogRouter = createRouter()
  .openapi(routes.createImport, handlers.create)
  .openapi(routes.getImport, handlers.get)
  .openapi(capturedRoutes.addCaptured, captured.add)
  .openapi(capturedRoutes.forgetCaptured, captured.forget);
