/**
 * Reads an HTTP Retry-After header (RFC 9110 §10.2.3) as a wait in milliseconds from `now`:
 * either delta-seconds ("120") or an HTTP-date. Anything else is ignored (undefined), so a
 * garbled header falls back to the caller's own backoff instead of stalling it. A date in
 * the past means "now" (0). No cap here: how long is too long is the caller's policy.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  // All three HTTP-date forms start with a day name. Requiring one keeps Date.parse's leniency
  // away from garbage: on its own it reads "1.5" or "-5" as days in 2001.
  if (!/^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,? /i.test(text)) return undefined;
  // asctime dates carry no zone, and Date.parse would read them as local time; HTTP dates are GMT.
  const at = Date.parse(/ GMT$/i.test(text) ? text : `${text} GMT`);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
