/** Pins: what the rest of the server may use of them (its router and its part of the app's dependencies). */
import type { AppEnv } from '../../app-context';
import type { Database } from '../../platform/db/open-database';
import { createRouter } from '../../platform/http/router';
import type { Logger } from '../../platform/logger';
import type { ProvenanceDeps } from '../provenance';
import { createPinEnrichment, type PinEnrichment } from './pin-enrichment';
import * as handlers from './pins.handlers';
import { createPinsRepository, type PinsRepository } from './pins.repository';
import * as routes from './pins.routes';

export const pinsRouter = createRouter<AppEnv>()
  .openapi(routes.listBoardPins, handlers.listForBoard)
  .openapi(routes.lookupPins, handlers.lookup)
  .openapi(routes.createPin, handlers.create)
  .openapi(routes.updatePin, handlers.update)
  .openapi(routes.deletePin, handlers.remove);

export interface PinsDeps {
  pins: PinsRepository;
  /** Size, colours and provenance of newly saved images, looked up in the background. */
  pinEnrichment: PinEnrichment;
}

/** A saved image's provenance is worked out with the app's provenance settings, into the app's provenance cache. */
export const createPinsDeps = (db: Database, provenance: ProvenanceDeps, logger: Logger): PinsDeps => ({
  pins: createPinsRepository(db),
  pinEnrichment: createPinEnrichment(db, provenance, logger),
});
