import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../../utils/contract';
import { apiTestDatabases } from '../../testing/test-databases';
import { handleError } from '../http/problem';
import type { DatabaseHandle } from './open-database';
import { isUnstorableText } from './sql-state';
import { isUniqueViolation } from './unique-violation';

// The safety net behind the contract: text the database cannot store, should any reach it, is the
// client's mistake (400), not the server's (500). The errors are the drivers' own, on both databases.
describe.each(apiTestDatabases)('unstorable text on $name', (target) => {
  let database: DatabaseHandle;
  beforeAll(async () => {
    if (target.available) database = await target.open();
  });
  afterAll(() => database?.close());

  /** The error the database gives for this query. */
  const failureOf = (query: ReturnType<typeof sql>) =>
    database.db.execute(query).then(
      () => expect.fail('the database stored it'),
      (error: unknown) => error as Error,
    );

  /** What the API answers when a handler meets this error. */
  const answerTo = (error: Error) => {
    const app = new Hono();
    app.get('/', () => {
      throw error;
    });
    app.onError((failure, c) => handleError(failure, c, () => {}));
    return app.request('/');
  };

  it.skipIf(!target.available)('answers 400, not 500, for a NUL in text and in jsonb', async () => {
    for (const query of [sql`SELECT ${'a\u0000b'}::text`, sql`SELECT ${JSON.stringify({ note: 'a\u0000b' })}::jsonb`]) {
      const error = await failureOf(query);
      expect(isUnstorableText(error)).toBe(true);
      const response = await answerTo(error);
      expect(response.status).toBe(400);
      expect(ProblemSchema.parse(await response.json()).detail).toMatch(/cannot store/);
    }
  });

  it.skipIf(!target.available)('leaves other database failures alone', async () => {
    const error = await failureOf(sql`SELECT 1 / 0`);
    expect(isUnstorableText(error)).toBe(false);
    expect(isUniqueViolation(error)).toBe(false);
    expect((await answerTo(error)).status).toBe(500);
  });
});
