import type { RouteHandler } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { z } from 'zod';
import type { CreateCatalogImportSchema } from '../../../../utils/contract';
import type { AppEnv } from '../../../app-context';
import { SourceBusyError, type StartImport } from '../catalog-service';
import { ModelUnavailableError } from '../embeddings';
import { ProblemError } from '../../../platform/http/problem';
import type * as routes from './catalog.routes';
import type { UploadCatalogImportSchema } from './catalog.routes';

/** Uploaded feeds are kept in the database (so an interrupted import can resume): this bounds them. */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;

function requireAdmin(c: Context<AppEnv>) {
  if (!c.var.user.isAdmin) throw new ProblemError(403, 'Forbidden', 'Only administrators can import catalogues.');
}

export const create: RouteHandler<typeof routes.createImport, AppEnv> = async (c) => {
  requireAdmin(c);
  const contentType = (c.req.header('content-type') ?? '').toLowerCase();
  let input: StartImport;
  if (contentType.startsWith('application/json')) {
    const body = c.req.valid('json') as z.output<typeof CreateCatalogImportSchema>;
    input = {
      source: body.source,
      url: body.url,
      embed: body.embed,
      ...(body.format ? { format: body.format } : {}),
      ...(body.currency ? { currency: body.currency } : {}),
    };
  } else if (contentType.startsWith('multipart/form-data')) {
    const form = c.req.valid('form') as z.output<typeof UploadCatalogImportSchema>;
    const file: unknown = form.file;
    if (!(file instanceof File))
      throw new ProblemError(400, 'Invalid request', 'The form needs a "file" field holding the feed.');
    if (file.size > MAX_UPLOAD_BYTES)
      throw new ProblemError(
        413,
        'Feed too large',
        `Upload at most ${MAX_UPLOAD_BYTES} bytes, or import the feed by URL.`,
      );
    input = {
      source: form.source,
      upload: { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name.replaceAll(':', '_') || 'feed' },
      embed: form.embed === 'true',
      ...(form.format ? { format: form.format } : {}),
      ...(form.currency ? { currency: form.currency } : {}),
    };
  } else {
    throw new ProblemError(
      415,
      'Unsupported media type',
      'Send JSON {"url", "source"} or a multipart/form-data upload with "file" and "source".',
    );
  }
  const { catalog } = c.var.deps;
  try {
    const job = await catalog.startImport({ ...input, createdBy: c.var.user.id });
    return c.json(await catalog.toCatalogImport(job), 202, { location: `/v1/catalog/imports/${job.id}` });
  } catch (error) {
    if (error instanceof ModelUnavailableError) {
      throw new ProblemError(
        503,
        'Embedding model unavailable',
        `${error.message} Or import without embedding: "embed": false.`,
      );
    }
    if (error instanceof SourceBusyError) throw new ProblemError(409, 'Import running', error.message);
    throw error;
  }
};

export const get: RouteHandler<typeof routes.getImport, AppEnv> = async (c) => {
  requireAdmin(c);
  const job = await c.var.deps.catalog.getImport(c.req.valid('param').id);
  if (!job) throw new ProblemError(404, 'Not found', 'No import with that id.');
  return c.json(job, 200);
};
