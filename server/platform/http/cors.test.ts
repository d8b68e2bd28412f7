import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CORS_ORIGINS, isValidOriginPattern, LOUPE_CHROME_EXTENSION_ID, originMatcher } from './cors';

/** Chrome's extension id: the first 128 bits of SHA-256 of the public key (DER), hex digits mapped 0-f → a-p. */
function chromeExtensionId(publicKeyBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(publicKeyBase64, 'base64')).digest('hex').slice(0, 32);
  return [...hex].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

describe('CORS origins', () => {
  it('the default Chrome origin is the id pinned by the key in wxt.config.ts', () => {
    const key = /CHROME_PUBLIC_KEY\s*=\s*'([A-Za-z0-9+/=]+)'/.exec(readFileSync('wxt.config.ts', 'utf8'))?.[1];
    expect(key).toBeDefined();
    expect(chromeExtensionId(key!)).toBe(LOUPE_CHROME_EXTENSION_ID);
    expect(DEFAULT_CORS_ORIGINS).toContain(`chrome-extension://${LOUPE_CHROME_EXTENSION_ID}`);
  });

  it('accepts exact origins and scheme wildcards, refuses anything that could open it to the web', () => {
    for (const good of [
      'chrome-extension://abc',
      'moz-extension://*',
      'https://loupe.example',
      'http://127.0.0.1:5173',
    ])
      expect(isValidOriginPattern(good), good).toBe(true);
    for (const bad of [
      '*',
      'https://*.example.com',
      'https://loupe.example/',
      'https://loupe.example/path',
      'loupe.example',
      'null',
      '',
    ])
      expect(isValidOriginPattern(bad), bad).toBe(false);
  });

  it('matches an origin exactly, or any host of a wildcard scheme, and nothing else', () => {
    const allowed = originMatcher(DEFAULT_CORS_ORIGINS);
    expect(allowed(`chrome-extension://${LOUPE_CHROME_EXTENSION_ID}`)).toBe(true);
    expect(allowed('moz-extension://0b7b6f5a-1c2d-4e3f-8a9b-0c1d2e3f4a5b')).toBe(true);
    expect(allowed('moz-extension://')).toBe(false);
    expect(allowed('chrome-extension://someoneelse')).toBe(false);
    expect(allowed(`chrome-extension://${LOUPE_CHROME_EXTENSION_ID}.evil.example`)).toBe(false);
    expect(allowed('https://evil.example')).toBe(false);
    expect(allowed('')).toBe(false);
  });
});
