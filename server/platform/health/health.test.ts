import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_VERSION, HealthSchema } from '../../../utils/contract';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('GET /healthz', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers without a token, with the API version and the database in use', async () => {
    const response = await t.request('/healthz');
    expect(response.status).toBe(200);
    const health = HealthSchema.parse(await response.json());
    expect(health).toMatchObject({ status: 'ok', apiVersion: API_VERSION, database: 'pglite' });
  });

  it('sends security headers', async () => {
    const response = await t.request('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
