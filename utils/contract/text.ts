import { z } from 'zod';

/**
 * Text the API accepts is text PostgreSQL can store. Two things cannot be:
 * - NUL (U+0000): no PostgreSQL text or jsonb value may hold it;
 * - a lone UTF-16 surrogate (U+D800–U+DFFF without its pair): JSON can spell one (`"\ud800"`),
 *   but it is no character and has no UTF-8 form, so it would be stored as something else.
 * Every other character, controls included, is stored and given back as it came.
 */
const LONE_SURROGATE = /\p{Cs}/u; // with the u flag, a surrogate pair is one code point, not in Cs

/** Whether every character of `text` can be stored and given back unchanged. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

/** The message a refused field carries (the problem's `errors[].path` names the field). */
export const UNSTORABLE_TEXT_MESSAGE = 'contains a NUL character or a lone UTF-16 surrogate, which cannot be stored';

/**
 * The check every string field of every request carries (`z.string().check(storableText)`), first,
 * so a field that cannot be stored is refused with a 400 that names it, never reaching the database.
 */
export const storableText = z.refine<string>(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE, abort: true });

/**
 * A string field of a request: text that can be stored. Chain limits and formats after it.
 * A leading byte-order mark (U+FEFF) is dropped: it marks an encoding, it is not text, and the
 * embedded database's driver drops it when it reads a value back, so it could not round-trip.
 */
export const text = () =>
  z
    .string()
    .check(storableText)
    .overwrite((value) => value.replace(/^\uFEFF+/, ''));

/** Whether `value` is an absolute http(s) URL with a host. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * A URL field of a request: storable text, at most `max` characters, an absolute http(s) URL.
 * Each failure says which of these it is (an over-long URL is not "not a URL").
 */
export const httpUrl = (max: number) =>
  text()
    .max(max, `a URL has at most ${max} characters`)
    .refine(isHttpUrl, { message: 'an absolute http or https URL is required', abort: true });
