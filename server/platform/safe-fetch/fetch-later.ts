import { LRUCache } from 'lru-cache';
import { SafeFetchError } from './errors';
import { type HostResolver, parseUrl, resolveChecked, systemResolve } from './safe-fetch';

/**
 * The request-time half of the fetch guard, for URLs a request hands the server to fetch later (a
 * pin's image, a captured product's images) or to keep beside them (the page they came from). A URL
 * a fetch would refuse is refused now, for the reason a fetch would give, so that the client hears it
 * when it sends the URL, rather than the server only noting it in a log later: not http(s), with
 * credentials, or a host that is, or resolves to, a private or reserved address.
 *
 * A host that does not resolve, or not in time, passes: whether a name resolves can change (a moment
 * of DNS trouble on the server must not refuse saves), and the fetch itself checks again, hop by hop.
 *
 * A host's verdict is kept for a minute, and requests naming a host being looked up share that lookup:
 * someone saving twenty pictures from one shop costs one lookup, and a burst of saves naming a host
 * whose DNS hangs does not tie up the lookup threads Node shares with file reads.
 */
export interface NamedUrl {
  /** The request field it came in, as a problem's `errors[].path` names it: `imageUrl`, `product.images.2`. */
  field: string;
  url: string;
}

export interface FetchLaterOptions {
  /** LOUPE_FETCH_ALLOW_PRIVATE: private and loopback hosts pass (`'first-hop'` too: the URL given may be one). */
  allowPrivate?: boolean | 'first-hop';
  /** DNS, injectable for tests; the system resolver when unset. */
  resolve?: HostResolver;
  /** How long one host's lookup may take before it passes unchecked (default 2 s). */
  lookupTimeoutMs?: number;
}

const DEFAULT_LOOKUP_TIMEOUT_MS = 2_000;
const VERDICT_TTL_MS = 60_000;

/** A host's verdict: its refusal, or undefined when it passes (its lookup failed or found public addresses only). */
type Verdict = Promise<SafeFetchError | undefined>;

/** Verdicts per resolver (a test's own resolver has its own), each kept for VERDICT_TTL_MS. */
const verdictsByResolver = new WeakMap<HostResolver, LRUCache<string, Verdict>>();

function verdictsOf(resolve: HostResolver): LRUCache<string, Verdict> {
  let verdicts = verdictsByResolver.get(resolve);
  if (!verdicts) {
    verdicts = new LRUCache<string, Verdict>({ max: 2_000, ttl: VERDICT_TTL_MS });
    verdictsByResolver.set(resolve, verdicts);
  }
  return verdicts;
}

/** The refusal, naming the field the URL came in. */
const inField = (field: string, error: SafeFetchError) =>
  new SafeFetchError(error.code, `${field}: ${error.message}`, { cause: error });

/** Throws the refusal (a SafeFetchError) of the first URL, in request order, that a fetch would refuse. */
export async function checkUrlsToFetchLater(urls: readonly NamedUrl[], options: FetchLaterOptions = {}): Promise<void> {
  const parsed = urls.map(({ field, url }) => {
    try {
      return { field, url: parseUrl(url) };
    } catch (error) {
      throw error instanceof SafeFetchError ? inField(field, error) : error;
    }
  });
  if (options.allowPrivate) return;
  // One lookup per host: a product's twenty images usually share one.
  const firstOfHost = new Map<string, { field: string; url: URL }>();
  for (const entry of parsed) if (!firstOfHost.has(entry.url.hostname)) firstOfHost.set(entry.url.hostname, entry);
  const refusals = await Promise.all(
    [...firstOfHost.values()].map(({ field, url }) =>
      blockedAddress(url, options).then((error) => error && inField(field, error)),
    ),
  );
  const refusal = refusals.find((error) => error !== undefined);
  if (refusal) throw refusal;
}

/** The refusal of a host that is or resolves to a blocked address; undefined when it passes (or could not be looked up in time). */
async function blockedAddress(url: URL, options: FetchLaterOptions): Verdict {
  const resolve = options.resolve ?? systemResolve;
  const verdicts = verdictsOf(resolve);
  // The lookup is shared; the time limit is each request's own, so a late answer still counts for the next one.
  let verdict = verdicts.get(url.hostname);
  if (!verdict) {
    verdict = resolveChecked(url, false, resolve).then(
      () => undefined,
      (error: unknown) => (error instanceof SafeFetchError && error.code === 'blocked-address' ? error : undefined),
    );
    verdicts.set(url.hostname, verdict);
  }
  let stopClock = () => {};
  const lookupTimeout = new Promise<undefined>((settle) => {
    const timer = setTimeout(settle, options.lookupTimeoutMs ?? DEFAULT_LOOKUP_TIMEOUT_MS);
    stopClock = () => clearTimeout(timer);
  });
  try {
    return await Promise.race([verdict, lookupTimeout]);
  } finally {
    stopClock();
  }
}
