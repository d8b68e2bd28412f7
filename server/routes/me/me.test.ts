import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_MEDIA_TYPE, ProblemSchema, UserSchema } from '../../../utils/contract';
import { createTestApp, type TestApp } from '../../testing/test-app';

describe('GET /v1/me and bearer authentication', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ token } = await t.users.create('mia'));
    await t.users.create('noah');
  });
  afterAll(() => t.close());

  const expectUnauthorized = async (response: Response, detail: RegExp) => {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
    expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(ProblemSchema.parse(await response.json()).detail).toMatch(detail);
  };

  it('refuses a request without a token', async () => {
    await expectUnauthorized(await t.request('/v1/me'), /needs an Authorization: Bearer header/);
  });

  it('refuses a malformed Authorization header', async () => {
    await expectUnauthorized(await t.request('/v1/me', { headers: { authorization: `Basic ${btoa('mia:pw')}` } }), /must be "Bearer "/);
  });

  it('refuses an unknown token', async () => {
    await expectUnauthorized(await t.request('/v1/me', { token: `${token.slice(0, -4)}AAAA` }), /not valid/);
  });

  it('returns the token’s own user for a good token', async () => {
    const response = await t.request('/v1/me', { token });
    expect(response.status).toBe(200);
    expect(UserSchema.parse(await response.json()).name).toBe('mia');
  });
});
