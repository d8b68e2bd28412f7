export { safeFetch, systemResolve } from './safe-fetch';
export type { HostResolver, ResolvedAddress, SafeFetchOptions, SafeFetchResult } from './safe-fetch';
export { SafeFetchError } from './errors';
export type { SafeFetchErrorCode } from './errors';
export { isBlockedAddress } from './address-policy';
export { checkUrlsToFetchLater } from './fetch-later';
export type { FetchLaterOptions, NamedUrl } from './fetch-later';
