import { describe, expect, it } from 'vitest';
import { normalizeHostPattern } from './dormant';
import { isDormantHost, sensitiveSiteExcludeMatches } from './sensitive-sites';

describe('isDormantHost', () => {
  it.each([
    'chase.com',
    'secure.chase.com',
    'www.paypal.com',
    'mail.google.com',
    'outlook.live.com',
    'vault.bitwarden.com',
    'my.1password.com',
    'example.bank', // .bank TLD
    'onlinebanking.regional-cu.org', // sensitive label
    'mychart.hospital.org',
    'webmail.isp.net',
    'MAIL.GOOGLE.COM.', // case and trailing dot
  ])('%s is dormant', (host) => {
    expect(isDormantHost(host, [])).toBe(true);
  });

  it.each([
    'shop.test',
    'www.google.com', // only mail.google.com is webmail
    'localhost',
    '127.0.0.1',
    'notchase.com', // suffix must match at a label boundary
    'chase.com.evil.test',
    'banking.shop.test'.replace('banking.', 'bankingstore.'),
    'www.etsy.com',
    '',
  ])('%s is not dormant', (host) => {
    expect(isDormantHost(host, [])).toBe(false);
  });

  it('honours the user list, in the forms people type it', () => {
    const list = [
      'https://www.myshop.test/some/path',
      '*.private.test',
      'intranet.corp.test:8443',
      '  ',
      'not a host!',
    ];
    expect(isDormantHost('myshop.test', list)).toBe(true);
    expect(isDormantHost('www.myshop.test', list)).toBe(true);
    expect(isDormantHost('checkout.myshop.test', list)).toBe(true);
    expect(isDormantHost('private.test', list)).toBe(true);
    expect(isDormantHost('a.private.test', list)).toBe(true);
    expect(isDormantHost('intranet.corp.test', list)).toBe(true);
    expect(isDormantHost('corp.test', list)).toBe(false);
    expect(isDormantHost('othershop.test', list)).toBe(false);
  });

  it('normalizeHostPattern', () => {
    expect(normalizeHostPattern('HTTPS://user@WWW.Example.com:8080/x?y#z')).toBe('example.com');
    expect(normalizeHostPattern('*.example.com')).toBe('example.com');
    expect(normalizeHostPattern('example.com.')).toBe('example.com');
    expect(normalizeHostPattern('bad host')).toBe('');
  });

  it('keeps the content script out of every built-in site and its subdomains through the manifest', () => {
    const patterns = sensitiveSiteExcludeMatches();
    expect(patterns).toContain('*://*.chase.com/*');
    expect(patterns).toContain('*://*.bank/*');
    // A match pattern "*.domain" covers the domain itself and every subdomain (Chrome and Firefox alike).
    for (const pattern of patterns) expect(pattern).toMatch(/^\*:\/\/\*\.[a-z0-9.-]+\/\*$/);
  });
});
