import { createRoute } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '../../../utils/contract';
import type { PlatformEnv } from './platform-env';
import { handleError, notFoundProblem } from './problem';
import { jsonContent } from './openapi-helpers';
import { createRouter } from './router';

// A route like the real ones, to check how request validation failures leave the API.
const echo = createRoute({
  method: 'post',
  path: '/echo',
  request: {
    body: {
      content: { 'application/json': { schema: z.object({ name: z.string().min(1), count: z.number().int() }) } },
      required: true,
    },
  },
  responses: { 200: jsonContent(z.object({ name: z.string() }), 'echoed') },
});

function appWithEcho() {
  const app = createRouter<PlatformEnv>().openapi(echo, (c) => c.json({ name: c.req.valid('json').name }, 200));
  app.notFound(notFoundProblem);
  app.onError((error, c) => handleError(error, c, () => {}));
  return app;
}

const post = (body: string, type = 'application/json') =>
  appWithEcho().request('/echo', { method: 'POST', body, headers: { 'content-type': type } });

describe('problem responses', () => {
  it('lists each invalid field in a 400 problem', async () => {
    const response = await post(JSON.stringify({ name: '', count: 1.5 }));
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
    const problem = ProblemSchema.parse(await response.json());
    expect(problem.title).toBe('Invalid request');
    expect(problem.errors?.map((error) => error.path).sort()).toEqual(['count', 'name']);
  });

  it('answers malformed JSON with a 400 problem, not a crash', async () => {
    const response = await post('{"name": ');
    expect(response.status).toBe(400);
    expect(ProblemSchema.parse(await response.json()).status).toBe(400);
  });

  it('hides internal errors behind a generic 500 problem', async () => {
    const app = createRouter<PlatformEnv>();
    app.get('/boom', () => {
      throw new Error('secret connection string postgres://x');
    });
    let logged: Error | undefined;
    app.onError((error, c) => handleError(error, c, (failure) => (logged = failure)));
    const response = await app.request('/boom');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain('secret');
    expect(logged?.message).toContain('secret');
  });

  it('passes a valid request through', async () => {
    const response = await post(JSON.stringify({ name: 'lamp', count: 2 }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ name: 'lamp' });
  });
});
