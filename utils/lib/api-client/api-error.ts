import type { Problem } from '../../contract';

/**
 * Why a call to the backend failed, in terms a person can act on:
 * - unreachable: nothing answered at that URL (down, wrong address, blocked);
 * - unauthorized: the backend refused the token;
 * - incompatible: something answered, but it is not a Loupe backend this extension can talk to;
 * - problem: the backend refused the request and said why (`problem`).
 */
export type ApiErrorKind = 'unreachable' | 'unauthorized' | 'incompatible' | 'problem';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    message: string,
    readonly status?: number,
    readonly problem?: Problem,
    /**
     * How long the backend asked to be left alone (its Retry-After header, e.g. with a 429 or
     * 503), in ms from when it answered; undefined when it did not say, or said it unreadably.
     */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}
