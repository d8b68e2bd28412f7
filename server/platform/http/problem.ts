import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { PROBLEM_MEDIA_TYPE, type Problem } from '../../../utils/contract';

/**
 * Every error leaves the API as RFC 9457 problem details, so clients handle one
 * shape: a title that names the kind of problem, a detail for this occurrence.
 */
export function problemResponse(
  problem: Omit<Problem, 'type'> & { type?: string },
  headers: Record<string, string> = {},
): Response {
  const body: Problem = { type: 'about:blank', ...problem };
  return new Response(JSON.stringify(body), {
    status: problem.status,
    headers: { 'content-type': PROBLEM_MEDIA_TYPE, ...headers },
  });
}

/** Throw from a handler to answer with a problem; the app's error handler renders it. */
export class ProblemError extends HTTPException {
  constructor(
    status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(status, { message: detail ?? title });
  }
}

const statusTitles: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  503: 'Service unavailable',
};

/** Turns a zod validation failure into a 400 problem that lists each bad field. */
export function validationProblem(error: z.ZodError, where: string): Response {
  return problemResponse({
    title: 'Invalid request',
    status: 400,
    detail: `The request ${where} does not match the API: ${error.issues.map((issue) => `${issue.path.join('.') || where}: ${issue.message}`).join('; ')}`,
    errors: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
  });
}

/** The app-wide error handler: known problems as they are, anything else as a 500 with nothing internal leaked. */
export function handleError(error: Error, c: Context, log: (error: Error) => void): Response {
  if (error instanceof ProblemError) {
    return problemResponse(
      { title: error.title, status: error.status, detail: error.detail, instance: c.req.path },
      error.headers,
    );
  }
  if (error instanceof HTTPException) {
    return problemResponse({
      title: statusTitles[error.status] ?? 'Request failed',
      status: error.status,
      detail: error.message || undefined,
      instance: c.req.path,
    });
  }
  log(error);
  return problemResponse({
    title: 'Internal server error',
    status: 500,
    detail: 'The server failed to handle this request; it has been logged.',
    instance: c.req.path,
  });
}

export const notFoundProblem = (c: Context) =>
  problemResponse({
    title: 'Not found',
    status: 404,
    detail: `No route for ${c.req.method} ${c.req.path}`,
    instance: c.req.path,
  });
