/**
 * The product catalogue: imported feeds and captured products, and search over them. What the rest
 * of the server may use of it: its routers, its part of the app's dependencies, its body limits,
 * and what the `catalog` and `models` commands run.
 */
import type { AppEnv } from '../../app-context';
import type { Database } from '../../platform/db/open-database';
import { type BodyLimit, MAX_JSON_BODY_BYTES } from '../../platform/http/limits';
import { createRouter } from '../../platform/http/router';
import type { Logger } from '../../platform/logger';
import * as captured from './api/captured.handlers';
import * as capturedRoutes from './api/captured.routes';
import * as imports from './api/catalog.handlers';
import * as importRoutes from './api/catalog.routes';
import { type Catalog, type CatalogSettings, createCatalog } from './catalog-service';
import * as products from './search/products.handlers';
import * as productRoutes from './search/products.routes';

/** Catalogue imports and captured products. */
export const catalogRouter = createRouter<AppEnv>()
  .openapi(importRoutes.createImport, imports.create)
  .openapi(importRoutes.getImport, imports.get)
  .openapi(capturedRoutes.addCaptured, captured.add)
  .openapi(capturedRoutes.forgetCaptured, captured.forget);

/** Product search: similar images, and keywords. */
export const productsRouter = createRouter<AppEnv>()
  .openapi(productRoutes.similarProducts, products.similar)
  .openapi(productRoutes.searchProducts, products.search);

export interface CatalogDeps {
  /** Catalogue imports and product search (default: no embedding model, public addresses only). */
  catalog: Catalog;
}

export const createCatalogDeps = (db: Database, settings: CatalogSettings, logger: Logger): CatalogDeps => ({
  catalog: createCatalog(db, settings, logger),
});

/**
 * A similar search reads its image itself, in its place of the image-work line; an uploaded feed
 * may be large (its form fields too), and only administrators may send one.
 */
export const catalogBodyLimits: BodyLimit[] = [
  { path: productRoutes.similarProducts.path, readByHandler: true },
  { path: importRoutes.createImport.path, maxBytes: imports.MAX_UPLOAD_BYTES + MAX_JSON_BODY_BYTES, adminOnly: true },
];

export { catalogSettings, catalogSettingsFromEnv, createCatalog, MAX_IMAGE_BYTES } from './catalog-service';
export type { Catalog, CatalogSettings } from './catalog-service';
export { capturedProductUrls } from './captured-products';
export { fileFeed, urlFeed } from './feed-source';
export { asProblem as imageSearchProblem } from './search/products.handlers';
export { PgvectorMissingError } from './vector-store';
export { createImportJob, findLiveJob, findResumableJob, jobErrors, type ImportJobRow } from './import-jobs';
export { ImportStoppedError, runImport } from './importer';
export {
  DEFAULT_EMBED_MODEL,
  DEFAULT_MODEL_BASE_URL,
  DTYPE_SUFFIX,
  FetchModelArgumentError,
  fetchModel,
  ImageRejectedError,
  isValidModelId,
  locateModel,
  missingImageFiles,
  ModelFetchError,
  ModelUnavailableError,
  type EmbedDtype,
  type ImageEmbedder,
} from './embeddings';

// What followed shops (server/features/shops) build on: import jobs run over a shop's products, and the feed parsers.
export { getImportJob } from './import-jobs';
export type { FeedSource } from './feed-source';
export { normaliseProduct, type RawProduct } from './feeds/normalise';
export { parseShopifyJson } from './feeds/shopify-json';
export { htmlToLine, htmlToText } from './feeds/text';
