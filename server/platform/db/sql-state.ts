/**
 * The `code`s along an error's cause chain: where a failed query's PostgreSQL SQLSTATE is, as both
 * drivers report it (node-postgres and PGlite set `code`; drizzle wraps their error in `cause`).
 */
export function errorCodesOf(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error; current && typeof current === 'object'; current = (current as { cause?: unknown }).cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
  }
  return codes;
}

/**
 * SQLSTATEs of text the database cannot store: 22021 "invalid byte sequence" (a NUL in text),
 * 22P05 "untranslatable character" (a `\u0000` or a lone surrogate in jsonb). Caused by input,
 * never by the server: the contract refuses such text first, and this is the safety net behind it.
 */
const UNSTORABLE_TEXT_STATES = new Set(['22021', '22P05']);

export function isUnstorableText(error: unknown): boolean {
  return errorCodesOf(error).some((code) => UNSTORABLE_TEXT_STATES.has(code));
}
