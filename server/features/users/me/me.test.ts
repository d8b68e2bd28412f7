import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM_MEDIA_TYPE, ProblemSchema, RevokedTokenSchema, UserSchema } from '../../../../utils/contract';
import { createTestApp, type TestApp } from '../../../testing/test-app';
import { apiTestDatabases } from '../../../testing/test-databases';

const expectUnauthorized = async (response: Response, detail: RegExp) => {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toBe(PROBLEM_MEDIA_TYPE);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  expect(ProblemSchema.parse(await response.json()).detail).toMatch(detail);
};

describe('GET /v1/me and bearer authentication', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    ({ token } = await t.users.create('mia'));
    await t.users.create('noah');
  });
  afterAll(() => t.close());

  it('refuses a request without a token', async () => {
    await expectUnauthorized(await t.request('/v1/me'), /needs an Authorization: Bearer header/);
  });

  it('refuses a malformed Authorization header', async () => {
    await expectUnauthorized(
      await t.request('/v1/me', { headers: { authorization: `Basic ${btoa('mia:pw')}` } }),
      /must be "Bearer "/,
    );
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

// Sign-out writes (revoked_at) and the next request must see it: on both databases.
for (const target of apiTestDatabases) {
  describe.skipIf(!target.available)(`DELETE /v1/me/token (sign out) on ${target.name}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(target);
      await t.users.create('mia');
    });
    afterAll(() => t.close());

    it('revokes the token the request used, and only it: the same token gets 401 from then on', async () => {
      const { token: laptop } = await t.users.issueTokenFor('mia', 'laptop');
      const { token: phone } = await t.users.issueTokenFor('mia', 'phone');
      const before = await t.users.listTokens('mia');

      const response = await t.request('/v1/me/token', { method: 'DELETE', token: laptop });
      expect(response.status).toBe(200);
      const revoked = RevokedTokenSchema.parse(await response.json());
      expect(revoked).toMatchObject({ label: 'laptop', prefix: laptop.slice(0, 12) });
      expect(revoked.id).toBe(before.find((info) => info.label === 'laptop')?.id);
      expect(JSON.stringify(revoked)).not.toContain(laptop); // never the secret

      await expectUnauthorized(await t.request('/v1/me', { token: laptop }), /revoked/);
      await expectUnauthorized(await t.request('/v1/me/token', { method: 'DELETE', token: laptop }), /revoked/);
      // mia's other tokens still work; the CLI's list shows this one revoked.
      expect((await t.request('/v1/me', { token: phone })).status).toBe(200);
      const after = await t.users.listTokens('mia');
      expect(after.filter((info) => info.revokedAt).map((info) => info.id)).toEqual([revoked.id]);
    });

    it('is described in the OpenAPI document with the contract’s RevokedToken schema', async () => {
      const doc = (await (await t.request('/openapi.json')).json()) as {
        paths: Record<
          string,
          {
            delete?: {
              security?: unknown;
              responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
            };
          }
        >;
        components: { schemas: Record<string, unknown> };
      };
      const operation = doc.paths['/v1/me/token']?.delete;
      expect(operation?.security).toEqual([{ bearer: [] }]);
      expect(operation?.responses['200']?.content?.['application/json']?.schema.$ref).toBe(
        '#/components/schemas/RevokedToken',
      );
      expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '401']));
      expect(doc.components.schemas.RevokedToken).toBeDefined();
    });
  });
}
