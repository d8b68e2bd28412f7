import { z } from 'zod';

/**
 * RFC 9457 problem details: every error the API returns has this shape and the
 * `application/problem+json` media type. `errors` lists field-level problems
 * for validation failures so a client can point at the offending field.
 */
export const ProblemSchema = z
  .object({
    type: z.string().default('about:blank'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string().optional(),
    instance: z.string().optional(),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'Problem' });
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * The problem type of a URL the server will not fetch (a private or reserved address, a scheme or
 * credentials it does not follow, too many redirects): the same on every route that takes a URL.
 */
export const URL_REFUSED_PROBLEM_TYPE = 'urn:loupe:problem:url-refused';
