import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../logger';
import { createTestApp, type TestApp } from '../../testing/test-app';

/** The server's logger, keeping every line it would write to stdout. */
function capturingLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { logger: createLogger('info', sink), lines };
}

describe('request log', () => {
  let t: TestApp;
  let token: string;
  const { logger, lines } = capturingLogger();
  beforeAll(async () => {
    t = await createTestApp(undefined, {}, logger);
    ({ token } = await t.users.create('lena'));
  });
  afterAll(() => t.close());

  it('logs one line per request with method, path and status, and never the token', async () => {
    lines.length = 0;
    await t.request('/v1/me', { token });
    await t.request(`/v1/boards?token=${token}`, { token }); // a token in the query string is not logged either
    await t.request('/v1/me', { headers: { authorization: `Bearer ${token}x` } }); // a bad one neither
    await t.request('/v1/boards', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: token.slice(0, 20) }),
    });

    const requests = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request');
    expect(requests.map(({ method, path, status }) => ({ method, path, status }))).toEqual([
      { method: 'GET', path: '/v1/me', status: 200 },
      { method: 'GET', path: '/v1/boards', status: 200 },
      { method: 'GET', path: '/v1/me', status: 401 },
      { method: 'POST', path: '/v1/boards', status: 201 },
    ]);
    expect(requests.every((entry) => typeof entry.ms === 'number')).toBe(true);
    const secret = token.slice('loupe_'.length);
    for (const line of lines) expect(line).not.toContain(secret.slice(0, 12));
  });
});

describe('error log', () => {
  it('says what failed and where, never what the request held', async () => {
    const { logger, lines } = capturingLogger();
    const t = await createTestApp(undefined, {}, logger);
    const { token } = await t.users.create('lena');
    const secret = 'SECRET-BOARD-NAME-4f1c';
    // The database is gone: the query fails, and drizzle's error message lists the query's parameters.
    await t.deps.database.close();
    const response = await t.request('/v1/boards', {
      method: 'POST',
      token,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: secret, description: secret }),
    });
    expect(response.status).toBe(500);
    const failures = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.msg === 'request failed');
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ path: '/v1/boards', failure: { type: expect.any(String) } });
    for (const line of lines) expect(line).not.toContain(secret);
    await t.deps.pinEnrichment.close();
    await t.deps.catalog.close();
  });
});
