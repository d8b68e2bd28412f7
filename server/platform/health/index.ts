import { createRouter } from '../http/router';
import type { PlatformEnv } from '../http/platform-env';
import * as handlers from './health.handlers';
import * as routes from './health.routes';

export const healthRouter = createRouter<PlatformEnv>().openapi(routes.getHealth, handlers.health);
