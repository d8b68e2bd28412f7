import { createRouter } from '../../app-context';
import * as handlers from './catalog.handlers';
import * as routes from './catalog.routes';

export const catalogRouter = createRouter().openapi(routes.createImport, handlers.create).openapi(routes.getImport, handlers.get);
