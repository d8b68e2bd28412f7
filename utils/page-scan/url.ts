/** URL helpers: resolution, scheme filtering, placeholder detection, image matching keys. */

/** Data URIs shorter than this (in characters) are placeholders, never real pictures. */
export const DATA_URI_MIN_LENGTH = 2048;

/**
 * Longest URLs a report may carry: pages can put anything in an attribute, and
 * the background refuses a report with a longer one, so the scanner leaves
 * such images (and links) out rather than lose the page's whole list.
 */
export const MAX_URL_LENGTH = 8192;
/** A data: image over this (about 190 kB of image) is not passed around. */
export const MAX_DATA_URL_LENGTH = 256 * 1024;

/** Whether a resolved URL is short enough to report. */
export const reportable = (url: string) =>
  url.length <= (url.charCodeAt(0) === 100 /* d */ ? MAX_DATA_URL_LENGTH : MAX_URL_LENGTH);

/**
 * Resolve `raw` against `base` and return the absolute URL without its hash,
 * or null when it is empty, unparsable or not http(s)/data:image.
 */
export function absoluteUrl(raw: string | null | undefined, base: string): string | null {
  if (!raw) return null;
  const t = raw.trim();
  if (!t) return null;
  if (/^data:/i.test(t)) return /^data:image\//i.test(t) ? t : null;
  const fast = fastResolve(t, base);
  if (fast) return fast;
  let href: string;
  try {
    href = new URL(t, base).href;
  } catch {
    return null;
  }
  if (!/^https?:/i.test(href)) return null;
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

/** ASCII characters the URL parser leaves untouched in an http(s) path + query (no quote, hash, space, backslash, <>, `{}|^). */
const SAFE = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&()*+,;=:@/%?')
  SAFE[c.charCodeAt(0)] = 1;

/** `base` split once per document base: its origin and its directory (both canonical), or null when unusual. */
let baseCache = '';
let baseOrigin: string | null = null;
let baseDirectory: string | null = null;

function rememberBase(base: string): void {
  baseCache = base;
  const end = simpleOriginEnd(base);
  const next = base.charCodeAt(end);
  const simple = end > 0 && (next === 47 || Number.isNaN(next));
  baseOrigin = simple ? base.slice(0, end) : null;
  if (!simple) {
    baseDirectory = null;
    return;
  }
  // The base is a serialised URL (document.baseURI), so its path is already canonical.
  let pathEnd = base.length;
  for (let i = end; i < base.length; i++) {
    const c = base.charCodeAt(i);
    if (c === 63 || c === 35) {
      pathEnd = i;
      break;
    }
  }
  baseDirectory = pathEnd === end ? `${baseOrigin}/` : base.slice(0, base.lastIndexOf('/', pathEnd - 1) + 1);
}

/** True for a dotted-decimal IPv4 address in canonical form (four parts 0–255, no leading zeros). */
function isCanonicalIpv4(host: string): boolean {
  const parts = host.split('.');
  if (parts.length !== 4) return false;
  for (const part of parts) {
    if (!part || part.length > 3 || (part.length > 1 && part.charCodeAt(0) === 48)) return false;
    for (let i = 0; i < part.length; i++) {
      const c = part.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    if (Number(part) > 255) return false;
  }
  return true;
}

/** End index of `scheme://host[:port]` when the origin part is already in canonical form, else -1. */
function simpleOriginEnd(s: string): number {
  let i = s.startsWith('https://') ? 8 : s.startsWith('http://') ? 7 : -1;
  if (i < 0) return -1;
  const hostStart = i;
  let c = s.charCodeAt(i);
  while ((c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 46 || c === 45) c = s.charCodeAt(++i);
  if (i === hostStart) return -1;
  // A host whose last label starts with a digit may be an IPv4 address in a short or odd form
  // ("9", "1.2", "0x7f.1"), which the URL parser rewrites: only the canonical dotted quad is kept.
  const host = s.slice(hostStart, i);
  const lastLabel = host.slice(host.lastIndexOf('.', host.length - 2) + 1);
  const first = lastLabel.charCodeAt(0);
  if (first >= 48 && first <= 57 && !isCanonicalIpv4(host)) return -1;
  if (c === 58) {
    // Non-default port without leading zeros.
    const p = ++i;
    c = s.charCodeAt(i);
    while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
    const port = s.slice(p, i);
    if (
      !port ||
      port.length > 5 ||
      port.charCodeAt(0) === 48 ||
      port === '80' ||
      port === '443' ||
      Number(port) > 65535
    )
      return -1;
  }
  return i;
}

/** True when `t` starts like a path segment ("img/a.jpg", "a.jpg?w=2"): no scheme, query, hash or dot segment first. */
function isPathRelative(t: string): boolean {
  const c0 = t.charCodeAt(0);
  if (c0 === 46 /* . */ || c0 === 63 /* ? */ || c0 === 35 /* # */) return false;
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c === 47 || c === 63) return true; // the first segment ended without a colon
    if (c === 58) return false; // "name:" may be a scheme ("javascript:", "blob:")
  }
  return true;
}

/**
 * Resolution without `new URL` for the common shapes (absolute http(s) with a
 * canonical host, `//host/…`, `/path`, `dir/file`), giving exactly what the
 * URL parser would; null when unsure (the caller then parses).
 */
function fastResolve(t: string, base: string): string | null {
  const c0 = t.charCodeAt(0);
  let abs = t;
  // A URL with a host of its own (absolute, or `//host/…` made absolute) has that host checked
  // below. A path takes the base's origin or directory, both canonical already: only `t` is checked.
  if (!(c0 === 104 /* h */ && (t.startsWith('http://') || t.startsWith('https://')))) {
    if (base !== baseCache) rememberBase(base);
    if (!baseOrigin) return null;
    if (c0 === 47 /* / */ && t.charCodeAt(1) === 47) abs = (baseOrigin.charCodeAt(4) === 115 ? 'https:' : 'http:') + t;
    else if (c0 === 47) return hasCanonicalPath(t, 0) ? baseOrigin + t : null;
    else if (isPathRelative(t)) return hasCanonicalPath(t, 0) ? baseDirectory + t : null;
    else return null;
  }
  const i = canonicalOriginEnd(abs);
  return i >= 0 && hasCanonicalPath(abs, i) ? abs : null;
}

/** Last origin found canonical: pages repeat a handful of hosts, so most URLs skip the host check. */
let knownOrigin = '';

/** End of the canonical `scheme://host[:port]` of `abs` when a path follows, else -1. */
function canonicalOriginEnd(abs: string): number {
  if (knownOrigin && abs.startsWith(knownOrigin) && abs.charCodeAt(knownOrigin.length) === 47)
    return knownOrigin.length;
  const i = simpleOriginEnd(abs);
  if (i < 0 || abs.charCodeAt(i) !== 47) return -1;
  knownOrigin = abs.slice(0, i);
  return i;
}

/** True when the path and query from `i` on are exactly what the URL parser would serialise. */
function hasCanonicalPath(abs: string, i: number): boolean {
  const n = abs.length;
  let inPath = true;
  for (; i < n; i++) {
    const c = abs.charCodeAt(i);
    if (c >= 128 || SAFE[c] !== 1) return false;
    if (c === 63) inPath = false;
    else if (inPath && c === 47 && abs.charCodeAt(i + 1) === 46) {
      // "/." or "/.." segments are normalised by the parser: leave them to it.
      const d = abs.charCodeAt(i + 2);
      const e = abs.charCodeAt(i + 3);
      if (d === 47 || d === 63 || Number.isNaN(d) || (d === 46 && (e === 47 || e === 63 || Number.isNaN(e))))
        return false;
    }
  }
  return true;
}

/** Already-absolute URL (e.g. from `img.src` / `img.currentSrc`): filter schemes and strip the hash without re-parsing. */
export function cleanAbsolute(href: string): string | null {
  if (!href) return null;
  if (href.startsWith('data:')) return /^data:image\//i.test(href) ? href : null;
  if (!href.startsWith('http:') && !href.startsWith('https:')) return null;
  const hash = href.indexOf('#');
  return hash === -1 ? href : href.slice(0, hash);
}

const PLACEHOLDER_FILE =
  /^(?:lazy[-_]?)?(?:spacer|blank|transparent|trans|placeholder|pixel|1x1|clear|empty|loading|loader|lazyload|lazy)(?:[-_.](?:\d+x\d+|\d+|min|img|image|placeholder|pixel|gif|png))*\.(?:gif|png|svg|webp|jpe?g)$/i;

/** Why a URL is never worth offering, or null when it may be a real picture. */
const PLACEHOLDER_WORD = /spacer|blank|trans|placeholder|pixel|1x1|clear|empty|load|lazy/i;

export function placeholderReason(url: string): 'data-uri-small' | 'placeholder' | null {
  if (url.startsWith('data:')) return url.length < DATA_URI_MIN_LENGTH ? 'data-uri-small' : null;
  let q = url.indexOf('?');
  if (q === -1) q = url.length;
  const file = url.slice(url.lastIndexOf('/', q - 1) + 1, q);
  return PLACEHOLDER_WORD.test(file) && PLACEHOLDER_FILE.test(file) ? 'placeholder' : null;
}

/** Query parameters that only select a rendition size/format. */
const SIZE_PARAMS = new Set([
  'w',
  'h',
  'width',
  'height',
  'size',
  'sz',
  'quality',
  'q',
  'qlt',
  'crop',
  'fit',
  'format',
  'fm',
  'auto',
  'dpr',
  'resize',
  'scale',
  'imwidth',
  'imheight',
  'wid',
  'hei',
  'fmt',
  'op_sharpen',
  'rect',
  'pad',
  'bg',
]);

/**
 * A key under which renditions of the same picture collide: host (no www) +
 * path with common CMS size suffixes removed (Shopify `_600x`, WordPress
 * `-300x300`, Magento `/cache/<hash>`) + query without size parameters.
 */
export function imageMatchKey(url: string): string | null {
  if (url.startsWith('data:')) return url;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  let path = u.pathname
    .replace(/\/cache\/[0-9a-f]{32}\//i, '/')
    .replace(
      /_(?:\d+x\d*|x\d+|pico|icon|thumb|small|compact|medium|large|grande|original|master)(?:_crop_[a-z]+)?(?:@\dx)?(?=\.[a-z0-9]+$)/i,
      '',
    )
    .replace(/-\d+x\d+(?=\.[a-z0-9]+$)/i, '');
  path = path.toLowerCase();
  const keep: string[] = [];
  u.searchParams.forEach((v, k) => {
    if (!SIZE_PARAMS.has(k.toLowerCase())) keep.push(`${k}=${v}`);
  });
  keep.sort();
  return `${u.hostname.replace(/^www\./, '')}${path}${keep.length ? `?${keep.join('&')}` : ''}`;
}
