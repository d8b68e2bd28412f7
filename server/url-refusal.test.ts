import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { URL_REFUSED_PROBLEM_TYPE } from '../utils/contract';
import { fixedEmbedder } from './features/catalog/testing/catalog';
import { asUser, expectProblem } from './testing/api-helpers';
import { createTestApp, type TestApp } from './testing/test-app';

/**
 * One refusal: every route that fetches a URL from the request refuses a URL it will not fetch with
 * the same status and problem type, and an invalid URL with the same 400 naming the field and what
 * is wrong with it (too long is not "not a URL").
 */
const embedder = fixedEmbedder('test/url-refusal');

describe('URL refusals', () => {
  let t: TestApp;
  let user: ReturnType<typeof asUser>;
  beforeAll(async () => {
    t = await createTestApp(undefined, { catalog: { embedder } });
    user = asUser(t, (await t.users.create('ursula')).token);
  });
  afterAll(() => t.close());

  const fetchingRoutes = ['/v1/provenance', '/v1/products/similar'];

  it.each(['http://127.0.0.1/a.png', 'http://10.0.0.1/a.png', 'http://[::1]/a.png', 'http://169.254.169.254/'])(
    'refuses %s alike on every route that fetches it',
    async (url) => {
      const problems = [];
      for (const route of fetchingRoutes) problems.push(await expectProblem(await user.post(route, { url }), 422));
      for (const problem of problems) {
        expect(problem).toMatchObject({ type: URL_REFUSED_PROBLEM_TYPE, title: 'Image URL not allowed' });
        expect(problem.detail).toMatch(/^Refused \(private or reserved address\)/);
      }
    },
  );

  it.each([
    ['ftp://example.com/a.png', 'an absolute http or https URL is required'],
    ['not a url', 'an absolute http or https URL is required'],
    [`https://example.com/${'a'.repeat(5000)}`, 'a URL has at most'],
  ])('answers the invalid URL %s with a 400 that says what is wrong, on every route', async (url, message) => {
    const routes = [
      ...fetchingRoutes.map((route) => () => user.post(route, { url })),
      () => user.post('/v1/pins', { boardId: crypto.randomUUID(), imageUrl: url }),
      () => user.post('/v1/catalog/captured', { product: { name: 'Lamp' }, pageUrl: url }),
    ];
    for (const send of routes) {
      const problem = await expectProblem(await send(), 400);
      expect(problem.type).toBe('about:blank');
      expect(problem.errors).toEqual([
        { path: expect.stringMatching(/url|imageUrl|pageUrl/i), message: expect.stringContaining(message) },
      ]);
    }
  });
});
