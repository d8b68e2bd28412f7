import { createRouter } from '../../../app-context';
import * as handlers from './provenance.handlers';
import * as routes from './provenance.routes';

// Registered for the API description, handled by a plain handler: see provenance.routes.ts.
export const provenanceRouter = createRouter();
provenanceRouter.openAPIRegistry.registerPath(routes.analyzeProvenance);
provenanceRouter.post(routes.analyzeProvenance.path, handlers.analyze);
provenanceRouter.openapi(routes.getProvenance, handlers.getCached);
