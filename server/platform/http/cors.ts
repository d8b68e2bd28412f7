import { cors } from 'hono/cors';

/**
 * Loupe's Chrome extension id, derived from the public key pinned in wxt.config.ts
 * (cors.test.ts re-derives it, so the two cannot drift apart).
 */
export const LOUPE_CHROME_EXTENSION_ID = 'hjhkcdhmjjpihjmicfoajpjjieckflnh';

/**
 * The default allowed origins: Loupe's Chrome extension, and any Firefox extension (Firefox gives
 * every install its own random moz-extension:// UUID, so it cannot be pinned). No web origin.
 */
export const DEFAULT_CORS_ORIGINS = [`chrome-extension://${LOUPE_CHROME_EXTENSION_ID}`, 'moz-extension://*'];

/**
 * Origin patterns: an exact origin, or `scheme://*` for any host of that scheme.
 * Anything else (paths, `*` alone, wildcards inside a host) is refused, so a typo
 * cannot open the API to every web page.
 */
export function isValidOriginPattern(pattern: string): boolean {
  if (/^[a-z][a-z0-9+.-]*:\/\/\*$/.test(pattern)) return true;
  const parsed = URL.parse(pattern);
  if (!parsed) return false;
  // Extension origins are not "special" URLs, so URL.origin is "null" for them: compare by hand.
  return `${parsed.protocol}//${parsed.host}` === pattern && parsed.host !== '' && !pattern.includes('*');
}

export function originMatcher(patterns: readonly string[]): (origin: string) => boolean {
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('://*')));
  const schemes = patterns.filter((pattern) => pattern.endsWith('://*')).map((pattern) => pattern.slice(0, -1));
  return (origin) =>
    exact.has(origin) ||
    schemes.some(
      (scheme) =>
        origin.startsWith(scheme) && origin.length > scheme.length && !origin.slice(scheme.length).includes('/'),
    );
}

/**
 * CORS for the configured origins only. The extension's background worker and pages hold host
 * permissions and do not need CORS at all; this matters for pages of the extension in browsers
 * that do enforce it, and above all it means a web page's script never gets to read an answer:
 * an origin that is not listed gets no Access-Control-Allow-Origin header (and is never reflected).
 */
export function corsFor(patterns: readonly string[]) {
  const allowed = originMatcher(patterns);
  return cors({
    origin: (origin) => (origin && allowed(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowHeaders: ['authorization', 'content-type', 'content-digest', 'idempotency-key'],
    exposeHeaders: ['location', 'retry-after'],
    maxAge: 600,
  });
}
