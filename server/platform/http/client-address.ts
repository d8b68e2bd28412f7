import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';
import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * The address a request comes from, for limits that count per client (failed sign-ins).
 *
 * It is the TCP peer as @hono/node-server reports it. `X-Forwarded-For` is believed only when the
 * peer is a proxy the operator said to trust (`LOUPE_TRUSTED_PROXIES`): then the header is read
 * from the right, past every trusted proxy, and the first address that is not one is the client.
 * Entries left of it were written by the client and are never used.
 */

/** An entry of `LOUPE_TRUSTED_PROXIES`: an IP address, or a CIDR range such as `10.0.0.0/8` or `fd00::/8`. */
export function isValidProxyEntry(entry: string): boolean {
  const [base = '', prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !isIP(base)) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (isIPv4(base) ? 32 : 128);
}

/** The trusted proxies as a list to check addresses against; undefined when none are trusted. */
export function trustedProxyList(entries: readonly string[]): BlockList | undefined {
  if (entries.length === 0) return undefined;
  const list = new BlockList();
  for (const entry of entries) {
    if (!isValidProxyEntry(entry)) throw new RangeError(`not an IP address or CIDR range: ${entry}`);
    const [base = '', prefix] = entry.split('/');
    const type = isIPv4(base) ? 'ipv4' : 'ipv6';
    if (prefix === undefined) list.addAddress(base, type);
    else list.addSubnet(base, Number(prefix), type);
  }
  return list;
}

/** `::ffff:192.0.2.1` (an IPv4 client of a dual-stack socket) is `192.0.2.1`; an IPv6 zone is dropped. */
function normalise(address: string): string {
  const plain = address.trim().replace(/%.*$/, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  return mapped?.[1] ?? plain.toLowerCase();
}

const isTrusted = (list: BlockList, address: string) => list.check(address, isIPv6(address) ? 'ipv6' : 'ipv4');

/** The client's address, or undefined when the request did not come through Node's HTTP server (in-process tests). */
export function clientAddress(c: Context, trustedProxies?: BlockList): string | undefined {
  let peer: string | undefined;
  try {
    peer = getConnInfo(c).remote.address;
  } catch {
    return undefined; // no Node socket behind this request
  }
  if (!peer) return undefined;
  peer = normalise(peer);
  if (!trustedProxies || !isIP(peer) || !isTrusted(trustedProxies, peer)) return peer;

  let client = peer;
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map(normalise).filter(Boolean);
  for (const hop of hops.reverse()) {
    if (!isIP(hop)) break; // not an address: what lies beyond it cannot be told apart from forgery
    client = hop;
    if (!isTrusted(trustedProxies, hop)) break;
  }
  return client;
}

/** The eight 16-bit groups of a valid IPv6 address. */
function ipv6Groups(address: string): number[] {
  let text = address;
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part ? part.split(':').map((group) => parseInt(group, 16)) : []);
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}

/**
 * The key a client address is counted under: an IPv4 address itself; for IPv6, its /64 network,
 * since one subscriber usually holds a whole /64 and could otherwise change address at every
 * request. Anything else (no address known) is counted as it is.
 */
export function addressKey(address: string): string {
  const plain = normalise(address);
  if (!isIPv6(plain)) return plain;
  const groups = ipv6Groups(plain).slice(0, 4);
  return `${groups.map((group) => group.toString(16)).join(':')}::/64`;
}
