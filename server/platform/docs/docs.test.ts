import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_MEDIA_TYPE, ProblemSchema } from '../../../utils/contract';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('API description and docs', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('publishes an OpenAPI 3.1 document built from the shared contract', async () => {
    const response = await t.request('/openapi.json');
    expect(response.status).toBe(200);
    const doc = (await response.json()) as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/healthz', '/v1/me']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Health', 'User', 'Problem']));
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });

  it('serves an interactive docs page with its assets locally', async () => {
    const page = await t.request('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('swagger-ui-bundle.js');
    const bundle = await t.request('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
    expect((await t.request('/docs/..%2Fpackage.json')).status).toBe(404);
  });

  it('answers unknown routes with a problem document', async () => {
    const response = await t.request('/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
    expect(ProblemSchema.parse(await response.json())).toMatchObject({ status: 404, title: 'Not found' });
  });
});
