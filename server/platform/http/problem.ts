import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { PROBLEM_MEDIA_TYPE, type Problem } from '../../../utils/contract';
import { isUnstorableText } from '../db/sql-state';

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
    /** The problem type (RFC 9457) when the kind of problem is one clients tell apart; else about:blank. */
    readonly type?: string,
  ) {
    super(status, { message: detail ?? title });
  }
}

/** Throw from a handler that validates a request itself (one the route's schema cannot read): a 400 naming each bad field. */
export class RequestValidationError extends Error {
  constructor(
    readonly issues: z.ZodError,
    readonly where: string,
  ) {
    super(`invalid request ${where}`);
    this.name = 'RequestValidationError';
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

/**
 * The issues that name fields. A value that matches none of a union's shapes is reported by the
 * shape it came closest to (fewest issues), so `{"url": …}` with a bad URL names `url`.
 */
function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
      return fieldIssues(closest, path);
    }
    return [{ path: path.map(String).join('.'), message: issue.message }];
  });
}
interface FieldIssue {
  path: string;
  message: string;
}

/** Turns a zod validation failure into a 400 problem that lists each bad field. */
export function validationProblem(error: z.ZodError, where: string): Response {
  const errors = fieldIssues(error.issues);
  return problemResponse({
    title: 'Invalid request',
    status: 400,
    detail: `The request ${where} does not match the API: ${errors.map((issue) => `${issue.path || where}: ${issue.message}`).join('; ')}`,
    errors,
  });
}

/** The app-wide error handler: known problems as they are, anything else as a 500 with nothing internal leaked. */
export function handleError(error: Error, c: Context, log: (error: Error) => void): Response {
  if (error instanceof RequestValidationError) return validationProblem(error.issues, error.where);
  if (error instanceof ProblemError) {
    return problemResponse(
      {
        ...(error.type ? { type: error.type } : {}),
        title: error.title,
        status: error.status,
        detail: error.detail,
        instance: c.req.path,
      },
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
  if (isUnstorableText(error)) {
    // The contract refuses such text before it reaches the database; should a field slip past it,
    // the request is still the client's mistake (a 4xx its save queue gives up on), not a server fault.
    return problemResponse({
      title: 'Invalid request',
      status: 400,
      detail: 'The request holds text the database cannot store (a NUL character or a lone UTF-16 surrogate).',
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
