import { type HostResolver, systemResolve } from '../platform/safe-fetch';

/**
 * DNS for route tests, which stay offline: `localhost` is loopback (as the server itself answers it),
 * and no other name exists, at once. Asking the machine's DNS instead would reach outside it, and
 * where its server is unreachable every lookup would hang until the request's two-second limit.
 */
export const offlineResolve: HostResolver = async (hostname) => {
  if (/(^|\.)localhost\.?$/i.test(hostname)) return systemResolve(hostname);
  throw Object.assign(new Error(`${hostname}: tests do not look names up`), { code: 'ENOTFOUND' });
};
