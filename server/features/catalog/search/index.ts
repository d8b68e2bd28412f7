import { createRouter } from '../../../app-context';
import * as handlers from './products.handlers';
import * as routes from './products.routes';

export const productsRouter = createRouter().openapi(routes.similarProducts, handlers.similar).openapi(routes.searchProducts, handlers.search);
