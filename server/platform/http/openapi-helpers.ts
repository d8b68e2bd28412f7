import type { z } from 'zod';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '../../../utils/contract';

/** A JSON response body in an OpenAPI route declaration. */
export const jsonContent = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

/** A problem+json error response in an OpenAPI route declaration. */
export const problemContent = (description: string) => ({
  content: { [PROBLEM_MEDIA_TYPE]: { schema: ProblemSchema } },
  description,
});

/** The responses every authenticated route can give besides its own. */
export const authProblems = {
  401: problemContent('Missing, malformed, unknown or revoked bearer token'),
} as const;

export const BEARER_SECURITY = [{ bearer: [] }];

/** The failures of a search by image (bytes, `{"url"}` or `{"pinId"}`): bad input, fetching, and a server without a model or pgvector. */
export const imageQueryProblems = {
  400: problemContent('Invalid query, filters, URL (not http(s), too long) or image'),
  404: problemContent('No such pin of yours'),
  413: problemContent('The image is over the size limit'),
  415: problemContent('Neither image/* nor application/json'),
  422: problemContent(
    'The URL was refused (type urn:loupe:problem:url-refused): a private or reserved address, credentials, another scheme in a redirect, or too many redirects',
  ),
  502: problemContent('The image URL could not be fetched'),
  503: problemContent('No embedding model installed, or the database lacks pgvector'),
} as const;
