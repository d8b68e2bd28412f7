/** PostgreSQL's SQLSTATE of a failed query, as both drivers report it (drizzle may wrap it in `cause`). */
export function sqlStateOf(error: unknown): string | undefined {
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

/**
 * A "data exception" (SQLSTATE class 22): the values were refused (a NUL in text, a number out of
 * range), not the database unavailable. Sending the same values again fails the same way.
 */
export const isDataException = (error: unknown): boolean => sqlStateOf(error)?.startsWith('22') === true;

/**
 * SQLSTATEs of text the database cannot store: 22021 "invalid byte sequence" (a NUL in text),
 * 22P05 "untranslatable character" (a `\u0000` or a lone surrogate in jsonb). Caused by input,
 * never by the server: the contract refuses such text first, and this is the safety net behind it.
 */
const UNSTORABLE_TEXT_STATES = new Set(['22021', '22P05']);

export const isUnstorableText = (error: unknown): boolean => UNSTORABLE_TEXT_STATES.has(sqlStateOf(error) ?? '');

/** The innermost error's message: the database's own words, without the query and its parameters drizzle adds. */
export function rootMessage(error: unknown): string {
  let current = error;
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(current);
}
