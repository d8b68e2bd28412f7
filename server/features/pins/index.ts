/** Pins: what the rest of the server may use of them (its router, its part of the app's dependencies, its body limits). */
import type { AppEnv } from '../../app-context';
import type { Database } from '../../platform/db/open-database';
import type { BodyLimit } from '../../platform/http/limits';
import { createRouter } from '../../platform/http/router';
import type { Logger } from '../../platform/logger';
import type { Catalog } from '../catalog';
import type { ProvenanceDeps } from '../provenance';
import { createPinEmbeddings, type PinEmbeddings } from './pin-embeddings';
import { createPinEnrichment, type PinEnrichment } from './pin-enrichment';
import { createPinSearch, type PinSearch } from './pin-search';
import { createPinTableUpkeep } from './pin-table-upkeep';
import * as handlers from './pins.handlers';
import { createPinsRepository, type PinsRepository } from './pins.repository';
import * as routes from './pins.routes';

export const pinsRouter = createRouter<AppEnv>()
  .openapi(routes.listBoardPins, handlers.listForBoard)
  .openapi(routes.searchPins, handlers.search)
  .openapi(routes.similarPins, handlers.similar)
  .openapi(routes.lookupPins, handlers.lookup)
  .openapi(routes.createPin, handlers.create)
  .openapi(routes.updatePin, handlers.update)
  .openapi(routes.deletePin, handlers.remove);

export interface PinsDeps {
  pins: PinsRepository;
  /** Size, colours, provenance and the search vector of newly saved images, worked out in the background. */
  pinEnrichment: PinEnrichment;
  /** Pins' image vectors: new pins' (through the enrichment), and the backfill of older ones. */
  pinEmbeddings: PinEmbeddings;
  /** Search your saves: by words, by look; the vectors behind "shop this board". */
  pinSearch: PinSearch;
}

/**
 * A saved image's provenance is worked out with the app's provenance settings, into the app's provenance
 * cache; its vector with the catalogue's embedder (pins and products share one space), fetched as the
 * catalogue fetches.
 */
export function createPinsDeps(
  db: Database,
  provenance: ProvenanceDeps,
  catalog: Pick<Catalog, 'embedder' | 'fetchImage'>,
  logger: Logger,
): PinsDeps {
  const pins = createPinsRepository(db);
  // On the embedded database, the vacuum and statistics autovacuum would keep (the text index needs them).
  const upkeep = createPinTableUpkeep(db);
  const pinEmbeddings = createPinEmbeddings(db, { ...catalog, logger, upkeep });
  return {
    pins,
    pinEnrichment: createPinEnrichment(db, provenance, logger, pinEmbeddings, upkeep),
    pinEmbeddings,
    pinSearch: createPinSearch(db, { ...catalog, pins, logger }),
  };
}

/** "More like this" takes an image as its body: the handler reads it in its place of the image-work line, like the product search. */
export const pinsBodyLimits: BodyLimit[] = [{ path: routes.similarPins.path, readByHandler: true }];

export { fuseRankings, interleaveRankings, type FusedItem } from './rank-fusion';
export type { PinSearch };
