import { createRouter } from '../../app-context';
import * as handlers from './health.handlers';
import * as routes from './health.routes';

export const healthRouter = createRouter().openapi(routes.getHealth, handlers.health);
