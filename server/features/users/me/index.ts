import { createRouter } from '../../../app-context';
import * as handlers from './me.handlers';
import * as routes from './me.routes';

export const meRouter = createRouter().openapi(routes.getMe, handlers.me).openapi(routes.signOut, handlers.signOut);
