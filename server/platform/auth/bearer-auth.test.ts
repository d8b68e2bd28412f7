import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/api-helpers';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { loadEnv } from '../../env';
import { type RunningServer, runServer } from '../../run-server';

/** A token of the right shape that no one holds. */
const guess = (i: number) => `loupe_${String(i).padStart(43, '0')}`;

describe('failed sign-ins are bounded per client address', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    // Two failures at once, then one a minute; 10.0.0.1 is a trusted proxy.
    t = await createTestApp(undefined, {
      guards: { authFailures: { perMinute: 1, burst: 2 }, trustedProxies: ['10.0.0.1'] },
    });
    ({ token } = await t.users.create('ada'));
  });
  afterAll(() => t.close());

  const me = (from: string, bearer: string, headers: Record<string, string> = {}) =>
    t.request('/v1/me', { token: bearer, from, headers });

  it('answers 429 with Retry-After and a problem body past the bound, whatever the token; other addresses and established tokens are unaffected', async () => {
    expect((await me('203.0.113.7', token)).status).toBe(200); // ada's token, used from here before
    await expectProblem(await me('203.0.113.7', guess(1)), 401);
    await expectProblem(await me('203.0.113.7', 'not-even-a-token'), 401);

    const limited = await me('203.0.113.7', guess(2));
    const problem = await expectProblem(limited, 429);
    expect(problem.title).toBe('Too many failed sign-ins');
    expect(problem.detail).toMatch(/not valid more than 1 times a minute \(bursts of 2\)/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);

    // The same answer for a valid token this address has not used: a guesser cannot tell a right guess.
    const { token: fresh } = await t.users.issueTokenFor('ada', 'fresh');
    await expectProblem(await me('203.0.113.7', fresh), 429);
    // ada's token, which succeeded from here, still works; so does everyone elsewhere.
    expect((await me('203.0.113.7', token)).status).toBe(200);
    await expectProblem(await me('198.51.100.1', guess(3)), 401);
    expect((await me('198.51.100.1', fresh)).status).toBe(200);
    // X-Forwarded-For from a client that is not a trusted proxy changes nothing.
    await expectProblem(await me('203.0.113.7', guess(4), { 'x-forwarded-for': '192.0.2.99' }), 429);
  });

  it('never counts successful requests, nor requests without a bearer token', async () => {
    for (let i = 0; i < 20; i++) expect((await me('203.0.113.8', token)).status).toBe(200);
    for (let i = 0; i < 5; i++) {
      await expectProblem(await t.request('/v1/me', { from: '203.0.113.8' }), 401);
      await expectProblem(
        await t.request('/v1/me', { from: '203.0.113.8', headers: { authorization: 'Basic YWRhOnB3' } }),
        401,
      );
    }
    await expectProblem(await me('203.0.113.8', guess(5)), 401); // its whole budget is left
    await expectProblem(await me('203.0.113.8', guess(6)), 401);
    await expectProblem(await me('203.0.113.8', guess(7)), 429);
  });

  it('counts an IPv6 client by its /64 network', async () => {
    await expectProblem(await me('2001:db8:5:6::1', guess(8)), 401);
    await expectProblem(await me('2001:db8:5:6::2', guess(9)), 401);
    await expectProblem(await me('2001:db8:5:6:ffff::3', guess(10)), 429);
    await expectProblem(await me('2001:db8:5:7::1', guess(11)), 401);
  });

  it('behind a trusted proxy, counts the address it forwards, not the proxy nor what the client wrote', async () => {
    const viaProxy = (client: string, bearer: string) => me('10.0.0.1', bearer, { 'x-forwarded-for': client });
    await expectProblem(await viaProxy('198.51.100.20', guess(12)), 401);
    await expectProblem(await viaProxy('6.6.6.6, 198.51.100.20', guess(13)), 401); // a forged entry on the left
    await expectProblem(await viaProxy('7.7.7.7, 198.51.100.20', guess(14)), 429);
    await expectProblem(await viaProxy('198.51.100.21', guess(15)), 401); // another client behind the same proxy
  });
});

/** The same through Node's HTTP server: the address is the real socket's peer (getConnInfo). */
describe('failed sign-ins through the HTTP server', () => {
  let server: RunningServer;
  let token = '';
  beforeAll(async () => {
    const env = {
      ...loadEnv({
        PORT: '0',
        LOG_LEVEL: 'silent',
        LOUPE_AUTH_FAILURES_PER_MINUTE: '1',
        LOUPE_AUTH_FAILURE_BURST: '2',
      }),
      LOUPE_DATA_DIR: 'memory://',
    };
    server = await runServer(env, {
      beforeListen: async ({ users }) => {
        ({ token } = await users.create('net'));
      },
    });
  });
  afterAll(() => server.stop());

  it('limits the loopback client after two failures, and its working token keeps working', async () => {
    const me = (bearer: string) => fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${bearer}` } });
    expect((await me(token)).status).toBe(200);
    await expectProblem(await me(guess(1)), 401);
    await expectProblem(await me(guess(2)), 401);
    const limited = await me(guess(3));
    await expectProblem(limited, 429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1); // about a minute: one failure a minute refills
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect((await me(token)).status).toBe(200);
  });
});
