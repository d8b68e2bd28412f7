import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import { FORMAT_MIME, sniffImageFormat } from '../image-format';
import type { ImageFormat } from '../image-format';
import { isBlockedAddress, normalizeAddress } from './address-policy';
import { SafeFetchError } from './errors';

/**
 * Fetch a user-supplied URL from the server without becoming an SSRF proxy:
 * http(s) only; the host name is resolved once and every address checked;
 * the connection goes to the checked address (a second DNS answer cannot
 * rebind it); redirects are followed by hand, at most 5, each re-checked;
 * the body is capped in size and the whole exchange in time; the type is
 * sniffed from the bytes, because headers are whatever the server says.
 */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
export type HostResolver = (hostname: string) => Promise<ResolvedAddress[]>;

export interface SafeFetchOptions {
  /** Largest body accepted (default 20 MiB). */
  maxBytes?: number;
  /** Time limit for the whole fetch, redirects and body included (default 10 s). */
  timeoutMs?: number;
  /**
   * Permit private/loopback addresses: `true` for every hop (development and
   * tests only: what LOUPE_FETCH_ALLOW_PRIVATE=true maps to), `'first-hop'`
   * for the URL given but not for redirect targets (tests of redirect checks).
   */
  allowPrivate?: boolean | 'first-hop';
  /** Most redirects followed (default 5). */
  maxRedirects?: number;
  /** DNS resolution, injectable for tests. Defaults to the system resolver (all addresses). */
  resolve?: HostResolver;
  /** Sent as User-Agent. */
  userAgent?: string;
  /** More request headers (e.g. Accept, If-None-Match); they cannot replace User-Agent or Accept-Encoding. */
  headers?: Record<string, string>;
  /** Non-2xx statuses answered as results instead of errors (e.g. 304 for a conditional request). */
  passStatuses?: readonly number[];
}

export interface SafeFetchResult {
  /** The URL finally fetched, after redirects. */
  url: string;
  status: number;
  /** The address actually connected to. */
  address: string;
  bytes: Uint8Array;
  /** The image format recognised from the bytes, or null when they are not a known image. */
  format: ImageFormat | null;
  /** MIME type from the bytes (not from the Content-Type header), or null. */
  contentType: string | null;
  /** What the server claimed, for logs only. */
  declaredContentType: string | null;
  /** The final response's headers (lower-case names), e.g. ETag and Last-Modified for the next conditional request. */
  headers: Record<string, string>;
  redirects: number;
}

const DEFAULTS = { maxBytes: 20 * 1024 * 1024, timeoutMs: 10_000, maxRedirects: 5 } as const;

/** `name` is `zone` or a name under it. */
const isUnder = (name: string, zone: string) => name === zone || name.endsWith(`.${zone}`);

/**
 * The system's resolver, but for the special-use names whose answers RFC 6761 fixes, which are
 * answered here and never asked of DNS: `localhost` and its subdomains are loopback (whatever a
 * hosts file or a DNS server would say), and `invalid` names do not exist, at once, even where
 * the DNS server is unreachable and a lookup would hang until it times out.
 */
export const systemResolve: HostResolver = async (hostname) => {
  const name = hostname.toLowerCase().replace(/\.$/, '');
  if (isUnder(name, 'localhost'))
    return [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
  if (isUnder(name, 'invalid'))
    throw Object.assign(new Error(`${hostname}: the invalid top-level name never resolves (RFC 6761)`), {
      code: 'ENOTFOUND',
    });
  const answers = await dnsLookup(hostname, { all: true, verbatim: true });
  return answers.map((answer) => ({ address: answer.address, family: answer.family === 6 ? 6 : 4 }));
};

/** The URL as fetched: http(s), no credentials, a host; else an `invalid-url` refusal. */
export const parseUrl = (raw: string, base?: string): URL => {
  let url: URL;
  try {
    url = base ? new URL(raw, base) : new URL(raw);
  } catch {
    throw new SafeFetchError('invalid-url', 'not a valid URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SafeFetchError('invalid-url', `only http and https URLs are fetched (got ${url.protocol})`);
  if (url.username || url.password) throw new SafeFetchError('invalid-url', 'URLs with credentials are not fetched');
  if (!url.hostname) throw new SafeFetchError('invalid-url', 'URL has no host');
  return url;
};

/** Resolve once and check every answer; return the address to connect to. */
export const resolveChecked = async (
  url: URL,
  allowPrivate: boolean,
  resolve: HostResolver,
): Promise<ResolvedAddress> => {
  const host = normalizeAddress(url.hostname);
  let addresses: ResolvedAddress[];
  const literal = isIP(host);
  if (literal) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch (error) {
      throw new SafeFetchError('dns-failure', `could not resolve ${host}`, { cause: error });
    }
    if (addresses.length === 0) throw new SafeFetchError('dns-failure', `${host} has no addresses`);
  }
  if (!allowPrivate) {
    // Refuse if any answer is private: a name that mixes public and private answers is an attack, not a CDN.
    const bad = addresses.find((answer) => isBlockedAddress(answer.address));
    if (bad)
      throw new SafeFetchError('blocked-address', `${host} resolves to a private or reserved address (${bad.address})`);
  }
  const chosen = addresses[0];
  if (!chosen) throw new SafeFetchError('dns-failure', `${host} has no addresses`);
  return chosen;
};

interface HopResponse {
  status: number;
  location: string | null;
  contentType: string | null;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

const flatHeaders = (headers: http.IncomingHttpHeaders): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers).flatMap(([name, value]) =>
      value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]],
    ),
  );

/** One HTTP exchange against a pinned address. Bodies of redirects are not read. */
const requestOnce = (
  url: URL,
  pinned: ResolvedAddress,
  maxBytes: number,
  signal: AbortSignal,
  userAgent: string,
  extraHeaders: Record<string, string>,
): Promise<HopResponse> =>
  new Promise((resolvePromise, reject) => {
    // The connection uses this lookup instead of DNS: it can only reach the address that was checked.
    const lookup: LookupFunction = (_hostname, options, callback) => {
      if (typeof options === 'object' && options && 'all' in options && options.all) {
        (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
          { address: pinned.address, family: pinned.family },
        ]);
      } else {
        callback(null, pinned.address, pinned.family);
      }
    };
    const client = url.protocol === 'https:' ? https : http;
    const request = client.request(
      url,
      {
        method: 'GET',
        lookup,
        signal,
        headers: {
          accept: 'image/*,*/*;q=0.5',
          ...extraHeaders,
          'user-agent': userAgent,
          'accept-encoding': 'identity',
        },
        // No connection reuse: an agent could hand us a socket to a different, unchecked address.
        agent: false,
      },
      (response) => {
        const status = response.statusCode ?? 0;
        const contentType = response.headers['content-type'] ?? null;
        const headers = flatHeaders(response.headers);
        if (status >= 300 && status < 400 && response.headers.location) {
          response.resume();
          resolvePromise({ status, location: response.headers.location, contentType, headers, body: null });
          return;
        }
        const declaredLength = Number(response.headers['content-length']);
        if (Number.isFinite(declaredLength) && declaredLength > maxBytes) {
          response.destroy();
          reject(
            new SafeFetchError('too-large', `response is ${declaredLength} bytes, over the ${maxBytes}-byte limit`),
          );
          return;
        }
        const chunks: Buffer[] = [];
        let received = 0;
        response.on('data', (chunk: Buffer) => {
          received += chunk.length;
          if (received > maxBytes) {
            response.destroy();
            reject(new SafeFetchError('too-large', `response is over the ${maxBytes}-byte limit`));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () => {
          const body = Buffer.concat(chunks);
          resolvePromise({
            status,
            location: null,
            contentType,
            headers,
            body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          });
        });
        response.on('error', (error) => reject(error));
      },
    );
    request.on('error', reject);
    request.end();
  });

export const safeFetch = async (rawUrl: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> => {
  const maxBytes = options.maxBytes ?? DEFAULTS.maxBytes;
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  const maxRedirects = options.maxRedirects ?? DEFAULTS.maxRedirects;
  const resolve = options.resolve ?? systemResolve;
  const userAgent = options.userAgent ?? 'Loupe/0.1 (+provenance check)';
  const signal = AbortSignal.timeout(timeoutMs);

  const timed = async <T>(work: Promise<T>): Promise<T> => {
    try {
      // The listener goes when this step settles: one fetch's signal lives through up to 12 steps
      // (a lookup and a request per hop), and listeners left behind would pile up on it.
      let onAbort = () => {};
      try {
        return await new Promise<T>((resolvePromise, reject) => {
          if (signal.aborted) reject(signal.reason);
          onAbort = () => reject(signal.reason);
          signal.addEventListener('abort', onAbort, { once: true });
          work.then(resolvePromise, reject);
        });
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    } catch (error) {
      if (error instanceof SafeFetchError) throw error;
      if (signal.aborted)
        throw new SafeFetchError('timeout', `fetch took longer than ${timeoutMs} ms`, { cause: error });
      throw new SafeFetchError(
        'network',
        `could not fetch: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  };

  let url = parseUrl(rawUrl);
  for (let hop = 0; ; hop++) {
    const allowPrivate = options.allowPrivate === true || (options.allowPrivate === 'first-hop' && hop === 0);
    const pinned = await timed(resolveChecked(url, allowPrivate, resolve));
    const response = await timed(requestOnce(url, pinned, maxBytes, signal, userAgent, options.headers ?? {}));
    if (response.location !== null) {
      if (hop >= maxRedirects) throw new SafeFetchError('too-many-redirects', `more than ${maxRedirects} redirects`);
      url = parseUrl(response.location, url.href);
      continue;
    }
    const passed = options.passStatuses?.includes(response.status) ?? false;
    if ((response.status < 200 || response.status >= 300) && !passed) {
      throw new SafeFetchError('upstream-status', `the server answered ${response.status}`, {
        upstreamStatus: response.status,
        retryAfter: response.headers['retry-after'] ?? null,
      });
    }
    const bytes = response.body ?? new Uint8Array();
    const format = sniffImageFormat(bytes);
    return {
      url: url.href,
      status: response.status,
      address: pinned.address,
      bytes,
      format,
      contentType: format ? FORMAT_MIME[format] : null,
      declaredContentType: response.contentType,
      headers: response.headers,
      redirects: hop,
    };
  }
};
