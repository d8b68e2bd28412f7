import { describe, expect, it, vi } from 'vitest';
import { checkUrlsToFetchLater } from './fetch-later';
import { SafeFetchError } from './errors';
import type { HostResolver, ResolvedAddress } from './safe-fetch';

/** DNS for these tests: two names, one public and one private; any other name does not resolve. */
const resolve: HostResolver = async (hostname) => {
  if (hostname === 'cdn.example') return [{ address: '93.184.215.14', family: 4 }];
  if (hostname === 'nas.example') return [{ address: '192.168.1.20', family: 4 }];
  throw new Error(`${hostname}: no such host`);
};

const refusal = async (check: Promise<void>) => {
  const error = await check.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(SafeFetchError);
  return error as SafeFetchError;
};

describe('checkUrlsToFetchLater', () => {
  it('passes public URLs, and names that do not resolve (the fetch checks again later)', async () => {
    await expect(
      checkUrlsToFetchLater(
        [
          { field: 'imageUrl', url: 'https://cdn.example/a.jpg' },
          { field: 'sourceUrl', url: 'https://gone.example/page' },
          { field: 'other', url: 'https://93.184.215.14/b.jpg' },
        ],
        { resolve },
      ),
    ).resolves.toBeUndefined();
  });

  it('refuses, naming the field, a host that is or resolves to a private address', async () => {
    const literal = await refusal(
      checkUrlsToFetchLater(
        [
          { field: 'imageUrl', url: 'https://cdn.example/a.jpg' },
          { field: 'product.images.3', url: 'http://[fd00::1]/a.jpg' },
        ],
        { resolve },
      ),
    );
    expect(literal).toMatchObject({ code: 'blocked-address' });
    expect(literal.message).toMatch(/^product\.images\.3: fd00::1 resolves to a private or reserved address/);

    const named = await refusal(
      checkUrlsToFetchLater([{ field: 'sourceUrl', url: 'http://nas.example/' }], { resolve }),
    );
    expect(named.message).toBe('sourceUrl: nas.example resolves to a private or reserved address (192.168.1.20)');
  });

  it('refuses the first refused URL in request order, whichever lookup answers first', async () => {
    const slowFirst: HostResolver = async (hostname) => {
      if (hostname === 'nas.example') await new Promise((settle) => setTimeout(settle, 20));
      return resolve(hostname);
    };
    const error = await refusal(
      checkUrlsToFetchLater(
        [
          { field: 'imageUrl', url: 'http://nas.example/a.jpg' },
          { field: 'sourceUrl', url: 'http://10.0.0.1/' },
        ],
        { resolve: slowFirst },
      ),
    );
    expect(error.message).toMatch(/^imageUrl: /);
  });

  it('refuses what a fetch would refuse before any lookup: credentials, other schemes', async () => {
    const lookups = vi.fn(resolve);
    const credentials = await refusal(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'https://user:pw@cdn.example/a.jpg' }], { resolve: lookups }),
    );
    expect(credentials).toMatchObject({
      code: 'invalid-url',
      message: 'imageUrl: URLs with credentials are not fetched',
    });
    const scheme = await refusal(checkUrlsToFetchLater([{ field: 'pageUrl', url: 'ftp://cdn.example/' }]));
    expect(scheme).toMatchObject({ code: 'invalid-url' });
    expect(lookups).not.toHaveBeenCalled();
  });

  it('looks each host up once', async () => {
    const lookups = vi.fn(resolve);
    await checkUrlsToFetchLater(
      Array.from({ length: 20 }, (_, n) => ({ field: `product.images.${n}`, url: `https://cdn.example/${n}.jpg` })),
      { resolve: lookups },
    );
    expect(lookups).toHaveBeenCalledTimes(1);
  });

  it("shares a host's lookup between requests, and keeps its answer for the next", async () => {
    const lookups = vi.fn(resolve);
    const saves = Array.from({ length: 10 }, (_, n) =>
      checkUrlsToFetchLater([{ field: 'imageUrl', url: `https://cdn.example/${n}.jpg` }], { resolve: lookups }),
    );
    await Promise.all(saves);
    const refused = await refusal(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'http://nas.example/a.jpg' }], { resolve: lookups }),
    );
    expect(refused.code).toBe('blocked-address');
    await refusal(checkUrlsToFetchLater([{ field: 'sourceUrl', url: 'http://nas.example/b' }], { resolve: lookups }));
    expect(lookups.mock.calls.map(([host]) => host)).toEqual(['cdn.example', 'nas.example']);
  });

  it('counts an answer that came too late for one request in the next', async () => {
    let answer: (addresses: ResolvedAddress[]) => void = () => {};
    const late: HostResolver = vi.fn(() => new Promise<ResolvedAddress[]>((settle) => (answer = settle)));
    const first = { resolve: late, lookupTimeoutMs: 1 };
    await expect(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'http://late.example/a.jpg' }], first),
    ).resolves.toBeUndefined();
    answer([{ address: '10.1.2.3', family: 4 }]);
    const refused = await refusal(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'http://late.example/b.jpg' }], first),
    );
    expect(refused.message).toMatch(/10\.1\.2\.3/);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('passes a host whose lookup does not answer in time', async () => {
    const never: HostResolver = () => new Promise(() => {});
    await expect(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'https://slow.example/a.jpg' }], {
        resolve: never,
        lookupTimeoutMs: 1,
      }),
    ).resolves.toBeUndefined();
  });

  it('lets private addresses through where they are allowed (LOUPE_FETCH_ALLOW_PRIVATE)', async () => {
    const lookups = vi.fn(resolve);
    await expect(
      checkUrlsToFetchLater([{ field: 'imageUrl', url: 'http://nas.example/a.jpg' }], {
        allowPrivate: true,
        resolve: lookups,
      }),
    ).resolves.toBeUndefined();
    expect(lookups).not.toHaveBeenCalled();
  });
});
