import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProvenanceTestApps, startImageServer } from '../../../server/features/provenance/testing/api-support';
import { provenanceFixtureCases, provenanceFixturesDir } from '../../../server/testing/provenance-fixture-cases';
import { haveFixtures } from '../../../server/testing/fixtures';
import { createApiClient } from '../../../utils/lib/api-client';
import { ApiError } from '../../../utils/lib/api-client/api-error';
import { checkProvenance } from '../../../utils/provenance/check-provenance';

const fixture = (name: string) => provenanceFixtureCases.find((c) => c.name === name)!;

// Real backend in process, real fixture files on a loopback server: the backend refuses
// loopback addresses unless told otherwise, exactly like an intranet or login-only image.
describe.skipIf(!haveFixtures)('checkProvenance (fixtures: LOUPE_FIXTURES)', () => {
  let apps: Awaited<ReturnType<typeof createProvenanceTestApps>>;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  const clientFor = (allowPrivate: boolean) => {
    const { app } = apps.appWith({ allowPrivate });
    return createApiClient({
      baseUrl: 'http://backend.test',
      token: apps.token,
      fetch: async (input, init) => app.fetch(new Request(input, init)),
    });
  };

  beforeAll(async () => {
    apps = await createProvenanceTestApps();
    images = await startImageServer(provenanceFixturesDir);
  });
  afterAll(async () => {
    await images?.close();
    await apps?.close();
  });

  it('lets the backend fetch an image it can reach', async () => {
    const name = 'made_xmp_dst_trained.jpg';
    const check = await checkProvenance(clientFor(true), `${images.origin}/files/${name}`);
    expect(check.checkedFrom).toBe('backend-fetched');
    expect(check.result).toMatchObject(fixture(name).expected);
  });

  it('uploads the bytes itself when the backend refuses the address', async () => {
    const name = 'made_a1111_parameters_text.png';
    const check = await checkProvenance(clientFor(false), `${images.origin}/files/${name}`);
    expect(check.checkedFrom).toBe('browser-copy');
    expect(check.result).toMatchObject(fixture(name).expected);
  });

  it('reads a data: URL without asking the backend to fetch anything', async () => {
    const name = 'made_no_metadata.png';
    const dataUrl = `data:image/png;base64,${(await readFile(fixture(name).file)).toString('base64')}`;
    const check = await checkProvenance(clientFor(false), dataUrl);
    expect(check.checkedFrom).toBe('browser-copy');
    expect(check.result).toMatchObject(fixture(name).expected);
  });

  it('says plainly when neither the backend nor the browser can get the image', async () => {
    await expect(checkProvenance(clientFor(false), `${images.origin}/status/404`)).rejects.toThrow(
      /could not read this image/,
    );
  });

  it('does not second-guess other refusals (e.g. not an image at all)', async () => {
    const error = await checkProvenance(clientFor(true), `${images.origin}/html`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).status).toBe(415);
  });
});
