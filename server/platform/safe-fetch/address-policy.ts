import { BlockList, isIP } from 'node:net';

/**
 * Addresses a server-side fetch must never reach on a user's behalf: private
 * networks, loopback, link-local (cloud metadata lives at 169.254.169.254),
 * multicast, unspecified, reserved and documentation ranges, and IPv6 forms
 * that embed an IPv4 address (mapped, compatible, NAT64, 6to4), which could
 * smuggle a private IPv4 past an IPv4-only check.
 */
// Two lists: Node's BlockList matches IPv4 addresses against IPv6 rules through
// their IPv4-mapped form, so one shared list would block every IPv4 address.
const blockedV4 = new BlockList();
const blockedV6 = new BlockList();
const v4: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // TEST-NET-1
  ['192.88.99.0', 24], // 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // TEST-NET-2
  ['203.0.113.0', 24], // TEST-NET-3
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and 255.255.255.255 broadcast
];
const v6: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['::', 96], // IPv4-compatible (deprecated)
  ['::ffff:0:0', 96], // IPv4-mapped
  ['64:ff9b::', 96], // NAT64
  ['64:ff9b:1::', 48], // local-use NAT64
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments (Teredo and others)
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
];
for (const [network, prefix] of v4) blockedV4.addSubnet(network, prefix, 'ipv4');
for (const [network, prefix] of v6) blockedV6.addSubnet(network, prefix, 'ipv6');

/** Strip URL brackets and a zone id from an IPv6 literal. */
export const normalizeAddress = (address: string): string => address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');

/** True when `address` (an IP literal) is one a public fetch must not reach. Non-IP input counts as blocked. */
export const isBlockedAddress = (address: string): boolean => {
  const ip = normalizeAddress(address);
  const family = isIP(ip);
  if (family === 4) return blockedV4.check(ip, 'ipv4');
  if (family === 6) return blockedV6.check(ip, 'ipv6');
  return true;
};
