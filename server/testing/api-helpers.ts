import { expect } from 'vitest';
import { PROBLEM_MEDIA_TYPE, type Problem, ProblemSchema } from '../../utils/contract';
import type { TestApp } from './test-app';

/** JSON requests as a given user, for route tests. */
export function asUser(t: TestApp, token: string) {
  const send = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    t.request(path, {
      method,
      token,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    get: (path: string) => send('GET', path),
    post: (path: string, body: unknown, headers?: Record<string, string>) => send('POST', path, body, headers),
    patch: (path: string, body: unknown) => send('PATCH', path, body),
    delete: (path: string) => send('DELETE', path),
  };
}

/** Asserts a problem+json response with this status and returns the problem. */
export async function expectProblem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
  return ProblemSchema.parse(await response.json());
}
