import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBlockedAddress } from './address-policy';
import { SafeFetchError } from './errors';
import { safeFetch, systemResolve } from './safe-fetch';
import type { HostResolver } from './safe-fetch';

const PNG_1x1 = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
    '1f15c4890000000d49444154789c6300010000050001' +
    '0d0a2db40000000049454e44ae426082',
  'hex',
);

/** A loopback test server (ephemeral port) with a few routes. */
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const to = url.searchParams.get('to');
    if (url.pathname === '/image.png') {
      response.writeHead(200, { 'content-type': 'text/html' }); // lies on purpose: the type is sniffed
      response.end(PNG_1x1);
    } else if (url.pathname === '/redirect' && to) {
      response.writeHead(302, { location: to });
      response.end();
    } else if (url.pathname === '/loop') {
      const n = Number(url.searchParams.get('n') ?? '0');
      response.writeHead(302, { location: `/loop?n=${n + 1}` });
      response.end();
    } else if (url.pathname === '/loop-to-image') {
      const n = Number(url.searchParams.get('n') ?? '0');
      response.writeHead(302, { location: n < 4 ? `/loop-to-image?n=${n + 1}` : '/image.png' });
      response.end();
    } else if (url.pathname === '/big') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.alloc(64 * 1024));
    } else if (url.pathname === '/big-chunked') {
      response.writeHead(200, { 'content-type': 'image/png', 'transfer-encoding': 'chunked' });
      for (let i = 0; i < 16; i++) response.write(Buffer.alloc(8 * 1024));
      response.end();
    } else if (url.pathname === '/slow') {
      setTimeout(() => response.end(PNG_1x1), 2_000).unref();
    } else if (url.pathname === '/missing') {
      response.writeHead(404);
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'text/plain' });
      response.end('hello');
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const expectRefused = async (promise: Promise<unknown>, code: SafeFetchError['code']) => {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SafeFetchError);
  expect((error as SafeFetchError).code).toBe(code);
};

describe('systemResolve', () => {
  it('answers the names RFC 6761 fixes without asking DNS: localhost is loopback, invalid never exists', async () => {
    const loopback = [
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ];
    expect(await systemResolve('localhost')).toEqual(loopback);
    expect(await systemResolve('Shop.LOCALHOST.')).toEqual(loopback);
    await expect(systemResolve('img.invalid')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(systemResolve('invalid')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });
});

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.1.2.3',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '::',
    '::1',
    '[::1]',
    'fe80::1',
    'fe80::1%eth0',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:8.8.8.8',
    '::ffff:7f00:1',
    '64:ff9b::a00:1',
    '2002:a00:1::1',
    'not-an-ip',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });
  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4001:81a::200e',
    '172.32.0.1',
    '192.169.0.1',
  ])('allows public %s', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });
});

describe('safeFetch refuses', () => {
  it.each([
    'ftp://example.com/a.png',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:image/png;base64,AAAA',
    'not a url',
    'http://user:pass@example.com/',
  ])('bad URL %s', async (url) => {
    await expectRefused(safeFetch(url), 'invalid-url');
  });

  it.each([
    'http://127.0.0.1/',
    'http://127.0.0.1:1/',
    'http://10.1.2.3/',
    'http://192.168.0.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[fe80::1]/',
    'http://0.0.0.0/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://017700000001/',
  ])('private literal %s', async (url) => {
    await expectRefused(safeFetch(url, { timeoutMs: 2_000 }), 'blocked-address');
  });

  it('a name that resolves to loopback (localhost)', async () => {
    await expectRefused(safeFetch('http://localhost:1/', { timeoutMs: 2_000 }), 'blocked-address');
  });

  it('names whose DNS answers are private, including mixed public/private answers', async () => {
    const resolve: HostResolver = async (host) => {
      if (host === 'metadata.example') return [{ address: '169.254.169.254', family: 4 }];
      if (host === 'mapped.example') return [{ address: '::ffff:10.0.0.1', family: 6 }];
      if (host === 'mixed.example')
        return [
          { address: '93.184.215.14', family: 4 },
          { address: '127.0.0.1', family: 4 },
        ];
      throw new Error('NXDOMAIN');
    };
    await expectRefused(safeFetch('http://metadata.example/', { resolve }), 'blocked-address');
    await expectRefused(safeFetch('http://mapped.example/', { resolve }), 'blocked-address');
    await expectRefused(safeFetch('http://mixed.example/', { resolve }), 'blocked-address');
    await expectRefused(safeFetch('http://nxdomain.example/', { resolve }), 'dns-failure');
  });

  it('redirects to private addresses, even when the first hop was allowed', async () => {
    for (const target of [
      'http://127.0.0.1/',
      'http://[::1]/',
      'http://169.254.169.254/',
      'http://localhost/',
      `${base}/image.png`,
    ]) {
      await expectRefused(
        safeFetch(`${base}/redirect?to=${encodeURIComponent(target)}`, { allowPrivate: 'first-hop' }),
        'blocked-address',
      );
    }
  });

  it('redirects to another scheme', async () => {
    await expectRefused(
      safeFetch(`${base}/redirect?to=${encodeURIComponent('file:///etc/passwd')}`, { allowPrivate: true }),
      'invalid-url',
    );
  });

  it('more than 5 redirects', async () => {
    await expectRefused(safeFetch(`${base}/loop`, { allowPrivate: true }), 'too-many-redirects');
  });

  it('bodies over the size cap (declared or streamed)', async () => {
    await expectRefused(safeFetch(`${base}/big`, { allowPrivate: true, maxBytes: 1024 }), 'too-large');
    await expectRefused(safeFetch(`${base}/big-chunked`, { allowPrivate: true, maxBytes: 1024 }), 'too-large');
  });

  it('slow servers, after the timeout', async () => {
    const started = Date.now();
    await expectRefused(safeFetch(`${base}/slow`, { allowPrivate: true, timeoutMs: 200 }), 'timeout');
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('error statuses', async () => {
    await expectRefused(safeFetch(`${base}/missing`, { allowPrivate: true }), 'upstream-status');
  });
});

describe('safeFetch fetches', () => {
  it('from loopback when allowPrivate is true, sniffing the type from the bytes', async () => {
    const result = await safeFetch(`${base}/image.png`, { allowPrivate: true });
    expect(result.status).toBe(200);
    expect(result.format).toBe('png');
    expect(result.contentType).toBe('image/png');
    expect(result.declaredContentType).toBe('text/html');
    expect(Buffer.from(result.bytes).equals(PNG_1x1)).toBe(true);
    expect(result.address).toBe('127.0.0.1');
  });

  it('follows allowed redirects and reports non-images as such', async () => {
    const result = await safeFetch(`${base}/redirect?to=${encodeURIComponent('/text')}`, { allowPrivate: true });
    expect(result.redirects).toBe(1);
    expect(result.format).toBeNull();
    expect(result.contentType).toBeNull();
  });

  it('follows 5 redirects without piling listeners on its time limit (no MaxListenersExceededWarning)', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const result = await safeFetch(`${base}/loop-to-image?n=0`, { allowPrivate: true });
      expect(result.redirects).toBe(5);
      expect(result.format).toBe('png');
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((warning) => warning.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('connects to the address it checked, not to a second DNS answer (no rebinding)', async () => {
    let calls = 0;
    const port = (server.address() as AddressInfo).port;
    // First answer loopback (allowed here), any later answer a different address: only one lookup may happen.
    const resolve: HostResolver = async () => {
      calls++;
      return [{ address: calls === 1 ? '127.0.0.1' : '203.0.113.7', family: 4 }];
    };
    const result = await safeFetch(`http://rebind.example:${port}/image.png`, { allowPrivate: true, resolve });
    expect(calls).toBe(1);
    expect(result.address).toBe('127.0.0.1');
    expect(result.format).toBe('png');
  });
});
