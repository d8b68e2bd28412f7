import { describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from './env';

describe('loadEnv', () => {
  it('fills defaults for a local setup', () => {
    const env = loadEnv({});
    expect(env.HOST).toBe('127.0.0.1');
    expect(env.PORT).toBe(8787);
    expect(env.LOUPE_DATA_DIR).toMatch(/\.loupe$/);
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats empty values as unset', () => {
    expect(loadEnv({ PORT: '', DATABASE_URL: '' }).PORT).toBe(8787);
  });

  it('names the setting and the bad value', () => {
    expect(() => loadEnv({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadEnv({ PORT: '70000' })).toThrow(/PORT: must be between 0 and 65535.*"70000"/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
  });

  it('reads the provenance settings: trust files as given, private fetches off unless exactly "true"', () => {
    const env = loadEnv({});
    expect(env.LOUPE_FETCH_ALLOW_PRIVATE).toBe(false);
    expect(env.LOUPE_TRUST_ANCHORS).toBeUndefined();
    expect(env.LOUPE_TRUST_CONFIG).toBeUndefined();
    expect(loadEnv({ LOUPE_FETCH_ALLOW_PRIVATE: 'true' }).LOUPE_FETCH_ALLOW_PRIVATE).toBe(true);
    expect(loadEnv({ LOUPE_FETCH_ALLOW_PRIVATE: 'false', LOUPE_TRUST_ANCHORS: 'a.pem,b.pem' })).toMatchObject({
      LOUPE_FETCH_ALLOW_PRIVATE: false,
      LOUPE_TRUST_ANCHORS: 'a.pem,b.pem',
    });
    expect(() => loadEnv({ LOUPE_FETCH_ALLOW_PRIVATE: 'yes' })).toThrow(
      /LOUPE_FETCH_ALLOW_PRIVATE: must be "true" or "false".*"yes"/,
    );
    expect(() => loadEnv({ LOUPE_TRUST_ANCHORS: ' , ' })).toThrow(
      /LOUPE_TRUST_ANCHORS: must be one or more PEM file paths/,
    );
  });

  it('reads where downloads come from, and LOUPE_OFFLINE', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({ LOUPE_MODEL_BASE_URL: 'https://huggingface.co', LOUPE_OFFLINE: false });
    expect(env.LOUPE_TRUST_ANCHORS_URL).toMatch(
      /^https:\/\/raw\.githubusercontent\.com\/c2pa-org\/.*\/C2PA-TRUST-LIST\.pem$/,
    );
    expect(env.LOUPE_TRUST_TSA_URL).toMatch(/\/C2PA-TSA-TRUST-LIST\.pem$/);
    expect(loadEnv({ LOUPE_MODEL_BASE_URL: 'http://mirror.lan:8080/hf/', LOUPE_OFFLINE: '1' })).toMatchObject({
      LOUPE_MODEL_BASE_URL: 'http://mirror.lan:8080/hf',
      LOUPE_OFFLINE: true,
    });
    expect(loadEnv({ LOUPE_OFFLINE: 'false' }).LOUPE_OFFLINE).toBe(false);
    expect(() => loadEnv({ LOUPE_MODEL_BASE_URL: 'ftp://x' })).toThrow(
      /LOUPE_MODEL_BASE_URL: must be an http:\/\/ or https:\/\/ URL.*"ftp:\/\/x"/,
    );
    expect(() => loadEnv({ LOUPE_TRUST_TSA_URL: 'nope' })).toThrow(/LOUPE_TRUST_TSA_URL: must be an http/);
    expect(() => loadEnv({ LOUPE_OFFLINE: 'yes' })).toThrow(/LOUPE_OFFLINE: must be 1 or 0/);
  });

  it('reads the request guards: rate limit, image work line, CORS origins and pool size, with defaults', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      LOUPE_RATE_LIMIT_PER_MINUTE: 600,
      LOUPE_RATE_LIMIT_BURST: 60,
      LOUPE_IMAGE_WORK_CONCURRENCY: 2,
      LOUPE_IMAGE_WORK_QUEUE: 32,
      DATABASE_POOL_SIZE: 10,
    });
    expect(env.LOUPE_CORS_ORIGINS).toEqual([
      'chrome-extension://hjhkcdhmjjpihjmicfoajpjjieckflnh',
      'moz-extension://*',
    ]);
    expect(loadEnv({ LOUPE_RATE_LIMIT_PER_MINUTE: '0' }).LOUPE_RATE_LIMIT_PER_MINUTE).toBe(0);
    expect(
      loadEnv({ LOUPE_CORS_ORIGINS: ' chrome-extension://abc , http://127.0.0.1:3000 ' }).LOUPE_CORS_ORIGINS,
    ).toEqual(['chrome-extension://abc', 'http://127.0.0.1:3000']);
    expect(() => loadEnv({ LOUPE_RATE_LIMIT_PER_MINUTE: '-1' })).toThrow(
      /LOUPE_RATE_LIMIT_PER_MINUTE: must be between 0 and/,
    );
    expect(() => loadEnv({ LOUPE_RATE_LIMIT_BURST: '0' })).toThrow(/LOUPE_RATE_LIMIT_BURST: must be between 1 and/);
    expect(() => loadEnv({ LOUPE_IMAGE_WORK_CONCURRENCY: '1.5' })).toThrow(
      /LOUPE_IMAGE_WORK_CONCURRENCY: must be a whole number/,
    );
    expect(env.LOUPE_IMAGE_WORK_PER_TOKEN).toBeUndefined(); // half the line
    expect(loadEnv({ LOUPE_IMAGE_WORK_PER_TOKEN: '4' }).LOUPE_IMAGE_WORK_PER_TOKEN).toBe(4);
    expect(() => loadEnv({ LOUPE_IMAGE_WORK_PER_TOKEN: '0' })).toThrow(
      /LOUPE_IMAGE_WORK_PER_TOKEN: must be between 1 and/,
    );
    expect(() => loadEnv({ DATABASE_POOL_SIZE: 'many' })).toThrow(/DATABASE_POOL_SIZE: must be a number/);
    expect(() => loadEnv({ LOUPE_CORS_ORIGINS: '*' })).toThrow(/LOUPE_CORS_ORIGINS: must be origins like/);
    expect(() => loadEnv({ LOUPE_CORS_ORIGINS: 'https://shop.example/path' })).toThrow(/LOUPE_CORS_ORIGINS/);
  });

  it('reads the failed sign-in bound and the trusted proxies: no proxy is trusted unless named', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      LOUPE_AUTH_FAILURES_PER_MINUTE: 30,
      LOUPE_AUTH_FAILURE_BURST: 30,
      LOUPE_TRUSTED_PROXIES: [],
    });
    expect(loadEnv({ LOUPE_AUTH_FAILURES_PER_MINUTE: '0' }).LOUPE_AUTH_FAILURES_PER_MINUTE).toBe(0);
    expect(loadEnv({ LOUPE_TRUSTED_PROXIES: ' 127.0.0.1 , 10.0.0.0/8,fd00::/8 ' }).LOUPE_TRUSTED_PROXIES).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => loadEnv({ LOUPE_AUTH_FAILURE_BURST: '0' })).toThrow(/LOUPE_AUTH_FAILURE_BURST: must be between 1 and/);
    expect(() => loadEnv({ LOUPE_AUTH_FAILURES_PER_MINUTE: 'lots' })).toThrow(
      /LOUPE_AUTH_FAILURES_PER_MINUTE: must be a number/,
    );
    expect(() => loadEnv({ LOUPE_TRUSTED_PROXIES: '*' })).toThrow(
      /LOUPE_TRUSTED_PROXIES: must be IP addresses or CIDR ranges/,
    );
    expect(() => loadEnv({ LOUPE_TRUSTED_PROXIES: '127.0.0.1,proxy.example' })).toThrow(/LOUPE_TRUSTED_PROXIES/);
  });
});
