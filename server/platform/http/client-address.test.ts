import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { addressKey, clientAddress, isValidProxyEntry, trustedProxyList } from './client-address';

/** The client address a request from `peer` with these headers is counted as. */
async function addressOf(peer: string | undefined, headers: Record<string, string> = {}, trusted: string[] = []) {
  const app = new Hono().get('/', (c) => c.text(clientAddress(c, trustedProxyList(trusted)) ?? '(none)'));
  const response = await app.request(
    '/',
    { headers },
    peer === undefined ? undefined : { incoming: { socket: { remoteAddress: peer } } },
  );
  return response.text();
}

describe('client address', () => {
  it('is the socket peer, and X-Forwarded-For is ignored unless the peer is a trusted proxy', async () => {
    expect(await addressOf('203.0.113.7')).toBe('203.0.113.7');
    expect(await addressOf('::ffff:203.0.113.7')).toBe('203.0.113.7'); // an IPv4 client of a dual-stack socket
    expect(await addressOf('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' })).toBe('203.0.113.7');
    // A proxy is trusted, but this peer is not it: its header is the client's own words.
    expect(await addressOf('203.0.113.7', { 'x-forwarded-for': '198.51.100.1' }, ['10.0.0.0/8'])).toBe('203.0.113.7');
    expect(await addressOf(undefined)).toBe('(none)'); // not through Node's server
  });

  it('behind trusted proxies, is the first address from the right that is not one; what the client wrote to its left is never used', async () => {
    const proxies = ['10.0.0.0/8', '192.0.2.1', 'fd00::/8'];
    expect(await addressOf('10.0.0.5', { 'x-forwarded-for': '198.51.100.1' }, proxies)).toBe('198.51.100.1');
    expect(await addressOf('10.0.0.5', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1, 192.0.2.1' }, proxies)).toBe(
      '198.51.100.1',
    );
    expect(await addressOf('fd00::1', { 'x-forwarded-for': '2001:db8::7' }, proxies)).toBe('2001:db8::7');
    // No header, or one with garbage where the proxy's entry should be: the last address that can be told.
    expect(await addressOf('10.0.0.5', {}, proxies)).toBe('10.0.0.5');
    expect(await addressOf('10.0.0.5', { 'x-forwarded-for': '198.51.100.1, not-an-address' }, proxies)).toBe(
      '10.0.0.5',
    );
    // Every hop trusted: the leftmost.
    expect(await addressOf('10.0.0.5', { 'x-forwarded-for': '10.1.1.1, 10.2.2.2' }, proxies)).toBe('10.1.1.1');
  });

  it('is counted per IPv4 address and per IPv6 /64 network', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:3::1')).toBe('2001:db8:1:3::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('unknown')).toBe('unknown');
  });

  it('accepts trusted proxies as addresses and CIDR ranges only', () => {
    for (const good of ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8', '0.0.0.0/0'])
      expect(isValidProxyEntry(good), good).toBe(true);
    for (const bad of ['*', 'proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.0/8/8', '10.0.0.0/', '10.0.0.0/x', ''])
      expect(isValidProxyEntry(bad), bad).toBe(false);
  });
});
