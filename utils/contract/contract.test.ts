import { describe, expect, it } from 'vitest';
import { HealthSchema, ProblemSchema, UserNameSchema, UserSchema } from './index';

// Round trips: what the server produces parses back to the same value; what is malformed is refused.
describe('API contract', () => {
  it('round-trips a user and refuses malformed ones', () => {
    const user = {
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      name: 'ada',
      isAdmin: false,
      createdAt: '2026-11-25T10:00:00.000Z',
    };
    expect(UserSchema.parse(JSON.parse(JSON.stringify(user)))).toEqual(user);
    expect(UserSchema.safeParse({ ...user, id: 'nope' }).success).toBe(false);
    expect(UserSchema.safeParse({ ...user, createdAt: 'yesterday' }).success).toBe(false);
    expect(UserSchema.safeParse({ ...user, isAdmin: 'yes' }).success).toBe(false);
  });

  it('round-trips health and refuses unknown databases', () => {
    const health = { status: 'ok', service: 'loupe', version: '0.1.0', apiVersion: 1, database: 'pglite' };
    expect(HealthSchema.parse(health)).toEqual(health);
    expect(HealthSchema.safeParse({ ...health, database: 'mysql' }).success).toBe(false);
    expect(HealthSchema.safeParse({ ...health, status: 'degraded' }).success).toBe(false);
  });

  it('fills the problem type and refuses non-error statuses', () => {
    expect(ProblemSchema.parse({ title: 'Not found', status: 404 })).toEqual({
      type: 'about:blank',
      title: 'Not found',
      status: 404,
    });
    expect(ProblemSchema.safeParse({ title: 'OK', status: 200 }).success).toBe(false);
    expect(ProblemSchema.safeParse({ status: 400 }).success).toBe(false);
  });

  it('accepts shell-friendly user names only', () => {
    for (const name of ['ada', 'team.shop-1', 'Zoë_2']) expect(UserNameSchema.safeParse(name).success).toBe(true);
    for (const name of ['', 'a b', 'x'.repeat(65), '<script>', 'semi;colon'])
      expect(UserNameSchema.safeParse(name).success).toBe(false);
  });
});
