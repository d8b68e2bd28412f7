import { randomBytes } from 'node:crypto';
import pg from 'pg';
/**
 * What every `*.bench.ts` script shares: the smoke switch and the rule that a benchmark whose
 * requests are refused fails instead of printing figures about refusals.
 *
 * `npm run bench -- --smoke` (part of `npm test`) runs every benchmark at a tiny size, to prove
 * each one still runs to its end; the runner tells each script through LOUPE_BENCH_SMOKE=1, which
 * also works for one script run by hand. Smoke figures mean nothing.
 */
export const benchSmoke = process.env.LOUPE_BENCH_SMOKE === '1';

/** The full size, or the tiny one in a smoke run. */
export const benchSize = <T>(full: T, smoke: T): T => (benchSmoke ? smoke : full);

/** Counts of answers by HTTP status (or by error name), for the refusal check. */
export type StatusCounts = Map<number | string, number> | Record<string, number>;

/**
 * What is wrong when any answer in `counts` is not a 2xx: figures over refused requests (a 429 from
 * the rate limit, a 401, a 5xx, a timeout) would measure the refusal, not what the benchmark names.
 */
export function refusals(what: string, counts: StatusCounts): string | undefined {
  const entries = counts instanceof Map ? [...counts] : Object.entries(counts);
  const refused = entries.filter(([status, count]) => count > 0 && !/^2\d\d$/.test(String(status)));
  if (refused.length === 0) return undefined;
  const total = refused.reduce((sum, [, count]) => sum + count, 0);
  return (
    `${what}: ${total} request(s) were refused or failed (${refused.map(([status, count]) => `${count}×${status}`).join(', ')}), ` +
    'so these figures would measure refusals. Run the server with limits that fit the load (LOUPE_RATE_LIMIT_PER_MINUTE=0 turns the rate limit off; LOUPE_IMAGE_WORK_* size the image-work line).'
  );
}

/** Throws refusals(…) when there are any. */
export function failOnRefusals(what: string, counts: StatusCounts): void {
  const problem = refusals(what, counts);
  if (problem) throw new Error(problem);
}

/** An autocannon result's answers by status, with its connection errors, for failOnRefusals. */
export function autocannonCounts(result: {
  statusCodeStats?: Record<string, { count?: number }>;
  non2xx: number;
  errors: number;
}): Record<string, number> {
  const byStatus = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([status, { count }]) => [status, count ?? 0]),
  );
  return { ...(result.statusCodeStats ? byStatus : { 'non-2xx': result.non2xx }), 'connection errors': result.errors };
}

/**
 * Runs `measure` on a throwaway database of the PostgreSQL server at `serverUrl` (created, then
 * dropped), or says why the PostgreSQL half is skipped when there is none.
 */
export async function onThrowawayPostgres(
  serverUrl: string | undefined,
  measure: (label: string, env: { DATABASE_URL: string }) => Promise<void>,
): Promise<void> {
  if (!serverUrl) {
    console.log(
      '\nPostgreSQL: skipped (set LOUPE_BENCH_DATABASE_URL or LOUPE_TEST_DATABASE_URL to a server the bench may create a database on)',
    );
    return;
  }
  const name = `loupe_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  try {
    await measure(`PostgreSQL (${url.host})`, { DATABASE_URL: url.toString() });
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}
