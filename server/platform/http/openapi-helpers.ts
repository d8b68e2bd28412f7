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
