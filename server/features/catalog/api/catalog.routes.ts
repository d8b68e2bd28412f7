import { createRoute, z } from '@hono/zod-openapi';
import {
  CatalogImportSchema,
  CatalogSourceSchema,
  CreateCatalogImportSchema,
  CurrencyCodeSchema,
  FeedFormatSchema,
} from '../../../../utils/contract';
import { authProblems, BEARER_SECURITY, jsonContent, problemContent } from '../../../platform/http/openapi-helpers';

const tags = ['Catalogue'];

/** An uploaded feed: multipart/form-data with the file and the same fields as the JSON body. */
export const UploadCatalogImportSchema = z.object({
  file: z.any().meta({
    type: 'string',
    format: 'binary',
    description: 'The feed file (Merchant Center TSV or XML, Shopify products.json, JSON Lines)',
  }),
  source: CatalogSourceSchema,
  format: FeedFormatSchema.optional(),
  currency: CurrencyCodeSchema.optional(),
  embed: z.enum(['true', 'false']).default('true'),
});

const adminProblems = { ...authProblems, 403: problemContent('Only administrators import catalogues') };

export const createImport = createRoute({
  method: 'post',
  path: '/v1/catalog/imports',
  tags,
  summary: 'Import (or re-import) a product feed into the catalogue',
  description:
    'Admins only. JSON `{url, source, format?}` for the server to fetch the feed, or a multipart upload (`file`, `source`, `format?`). ' +
    'The import runs in the background: poll the returned job. Re-importing a source updates changed products and removes those that left the feed; ' +
    'other sources are untouched. Importing the same feed again after an interruption continues where it stopped.',
  security: BEARER_SECURITY,
  request: {
    body: {
      required: false,
      content: {
        'application/json': { schema: CreateCatalogImportSchema },
        'multipart/form-data': { schema: UploadCatalogImportSchema },
      },
    },
  },
  responses: {
    202: jsonContent(CatalogImportSchema, 'The import job, started (or resumed)'),
    400: problemContent('Invalid request'),
    409: problemContent('An import of this source is already running'),
    413: problemContent('The uploaded feed is too large'),
    415: problemContent('Neither application/json nor multipart/form-data'),
    503: problemContent('Embedding was asked for and no model is installed'),
    ...adminProblems,
  },
});

export const getImport = createRoute({
  method: 'get',
  path: '/v1/catalog/imports/{id}',
  tags,
  summary: 'An import’s progress, counts and row errors (by line)',
  security: BEARER_SECURITY,
  request: { params: z.object({ id: z.uuid() }) },
  responses: {
    200: jsonContent(CatalogImportSchema, 'The import job'),
    404: problemContent('No such import'),
    ...adminProblems,
  },
});
