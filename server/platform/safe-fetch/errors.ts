/**
 * Why a safe fetch was refused or failed. `status` is the HTTP status a route
 * should answer with when it fetched on a user's behalf.
 */
export type SafeFetchErrorCode =
  | 'invalid-url'
  | 'blocked-address'
  | 'dns-failure'
  | 'too-many-redirects'
  | 'too-large'
  | 'timeout'
  | 'upstream-status'
  | 'network';

const STATUS: Record<SafeFetchErrorCode, number> = {
  'invalid-url': 400,
  'blocked-address': 400,
  'dns-failure': 502,
  'too-many-redirects': 502,
  'too-large': 413,
  timeout: 504,
  'upstream-status': 502,
  network: 502,
};

export class SafeFetchError extends Error {
  readonly status: number;
  /** For `upstream-status`: what the fetched server answered, and its Retry-After header if any (a 429 or 503 says when to come back). */
  readonly upstreamStatus: number | null;
  readonly retryAfter: string | null;
  constructor(
    readonly code: SafeFetchErrorCode,
    message: string,
    options?: { cause?: unknown; upstreamStatus?: number; retryAfter?: string | null },
  ) {
    super(message, options);
    this.name = 'SafeFetchError';
    this.status = STATUS[code];
    this.upstreamStatus = options?.upstreamStatus ?? null;
    this.retryAfter = options?.retryAfter ?? null;
  }
}
