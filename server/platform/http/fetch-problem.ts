import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { URL_REFUSED_PROBLEM_TYPE } from '../../../utils/contract';
import {
  checkUrlsToFetchLater,
  type FetchLaterOptions,
  type NamedUrl,
  SafeFetchError,
  type SafeFetchErrorCode,
} from '../safe-fetch';
import { ProblemError } from './problem';

/**
 * A failed fetch of a URL a request named, as every route answers it: a URL the server will not
 * fetch is refused alike everywhere (422, the url-refused problem type, the reason), and a server
 * that could not be reached or answered badly is the upstream's failure (502), not the client's.
 */
const STATUS: Record<SafeFetchErrorCode, ContentfulStatusCode> = {
  'invalid-url': 422,
  'blocked-address': 422,
  'too-many-redirects': 422,
  'too-large': 413,
  'dns-failure': 502,
  timeout: 502,
  'upstream-status': 502,
  network: 502,
};
const REFUSAL_REASON: Partial<Record<SafeFetchErrorCode, string>> = {
  'invalid-url': 'URL not allowed',
  'blocked-address': 'private or reserved address',
  'too-many-redirects': 'too many redirects',
};
const TITLE: Record<SafeFetchErrorCode, string> = {
  'invalid-url': 'Image URL not allowed',
  'blocked-address': 'Image URL not allowed',
  'too-many-redirects': 'Image URL not allowed',
  'dns-failure': 'Image host not found',
  'too-large': 'Image too large',
  timeout: 'Image fetch timed out',
  'upstream-status': 'Image could not be fetched',
  network: 'Image could not be fetched',
};

export function fetchProblem(error: SafeFetchError): ProblemError {
  const reason = REFUSAL_REASON[error.code];
  if (reason) {
    return new ProblemError(
      STATUS[error.code],
      TITLE[error.code],
      `Refused (${reason}): ${error.message}. Loupe fetches images from public http(s) addresses only.`,
      {},
      URL_REFUSED_PROBLEM_TYPE,
    );
  }
  return new ProblemError(STATUS[error.code], TITLE[error.code], `The image could not be fetched: ${error.message}.`);
}

/**
 * Refuses a request that names a URL for the server to fetch later (or keep beside one) which a fetch
 * would refuse: the same 422 and problem type as a fetch now, its detail naming the field.
 */
export async function refuseUrlsNotFetched(urls: readonly NamedUrl[], options: FetchLaterOptions): Promise<void> {
  await checkUrlsToFetchLater(urls, options).catch((error: unknown) => {
    throw error instanceof SafeFetchError ? fetchProblem(error) : error;
  });
}
