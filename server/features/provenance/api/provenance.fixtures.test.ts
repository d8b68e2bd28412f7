import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProvenanceResultSchema } from '../../../../utils/contract/provenance';
import { closeC2paValidator } from '..';
import { fixturesSkipReason, haveFixtures } from '../../../testing/fixtures';
import {
  provenanceFixtureCases,
  provenanceFixtureTrust,
  provenanceFixturesDir,
} from '../../../testing/provenance-fixture-cases';
import { provenanceSettingsFromEnv } from './provenance.settings';
import { createProvenanceTestApps, startImageServer } from '../testing/api-support';

/**
 * The shared provenance fixtures through the HTTP API, as bytes and by URL: each must get the
 * verdict and strength EXPECTED.json gives, under the trust settings it names, configured the
 * way production configures them (LOUPE_TRUST_ANCHORS / LOUPE_TRUST_CONFIG).
 * The answer checked is the final one: when the POST answers provisionally (validation over
 * the server's budget), the test polls GET /v1/provenance/{sha256} as a client would.
 */
if (!haveFixtures) console.warn(`[provenance API fixtures] skipped: ${fixturesSkipReason}`);

// Generous budgets: one file (30 nested manifests) takes seconds with trust checks on a busy 2-core machine.
const slow = { timeout: 120_000 };
const trustEnv = (anchors: string[]) => ({
  LOUPE_DATA_DIR: provenanceFixturesDir,
  LOUPE_TRUST_ANCHORS: anchors.join(','),
  LOUPE_TRUST_CONFIG: provenanceFixtureTrust.config,
});

describe.skipIf(!haveFixtures)('provenance fixtures through POST /v1/provenance', () => {
  let apps: Awaited<ReturnType<typeof createProvenanceTestApps>>;
  let images: Awaited<ReturnType<typeof startImageServer>>;
  let productionSettings: ReturnType<typeof provenanceSettingsFromEnv> | undefined;
  const production = () =>
    (productionSettings ??= provenanceSettingsFromEnv(trustEnv(provenanceFixtureTrust.productionAnchors)));

  beforeAll(async () => {
    [apps, images] = await Promise.all([createProvenanceTestApps(), startImageServer(provenanceFixturesDir)]);
  });
  afterAll(async () => {
    await Promise.all([apps?.close(), images?.close()]);
    await closeC2paValidator();
  });

  describe('as bytes, production trust list', () => {
    it.each(provenanceFixtureCases.map((c) => [c.name, c] as const))('%s', slow, async (_name, fixture) => {
      const app = apps.appWith({ ...production(), timeBudgetMs: 100_000 });
      const response = await app.postBytes(readFileSync(fixture.file), 'image/*');
      expect(response.status).toBe(200);
      const result = await app.finalOf(response);
      expect(result.status).toBe('final');
      expect({ verdict: result.verdict, strength: result.strength }).toEqual(fixture.expected);
      if (fixture.mismatchWarning) expect(result.warnings.join(' ')).toMatch(/do not match this file/);
    });
  });

  describe('as bytes, with the c2pa-rs test anchors added', () => {
    const differing = provenanceFixtureCases.filter((c) => c.withTestAnchors);
    it.each(differing.map((c) => [c.name, c] as const))('%s', slow, async (_name, fixture) => {
      const settings = provenanceSettingsFromEnv(
        trustEnv([...provenanceFixtureTrust.productionAnchors, provenanceFixtureTrust.testAnchors]),
      );
      const app = apps.appWith({ ...settings, timeBudgetMs: 100_000 });
      const result = await app.finalOf(await app.postBytes(readFileSync(fixture.file)));
      expect({ verdict: result.verdict, strength: result.strength }).toEqual(fixture.withTestAnchors);
    });
  });

  describe('provisional first answers (server budget 0 ms: never waits for validation)', () => {
    it(
      'huminify_triple: POST answers provisionally, GET by hash then gives the final answer EXPECTED.json names',
      slow,
      async () => {
        const fixture = provenanceFixtureCases.find((c) => c.name === 'huminify_triple.png')!;
        const app = apps.appWith({ ...production(), timeBudgetMs: 100_000, provisionalAfterMs: 0 }); // its own cache: empty
        const response = await app.postBytes(readFileSync(fixture.file), 'image/png');
        expect(response.status).toBe(200);
        const first = ProvenanceResultSchema.parse(await response.clone().json());
        expect(first).toMatchObject({ status: 'provisional', verdict: 'ai-generated', strength: 'declared' });

        const final = await app.finalOf(response);
        expect(final.status).toBe('final');
        expect({ verdict: final.verdict, strength: final.strength }).toEqual(fixture.expected);
        expect(final.sha256).toBe(first.sha256);
        // Once final, the same image answers the final result at once, by POST as by GET.
        expect(
          ProvenanceResultSchema.parse(await (await app.postBytes(readFileSync(fixture.file), 'image/png')).json()),
        ).toEqual(final);
        expect(ProvenanceResultSchema.parse(await (await app.getByHash(first.sha256)).json())).toEqual(final);
      },
    );
  });

  describe('by {url} from a loopback server (allow-private on)', () => {
    const picks = [
      'huminify_lady.png',
      'ms_DALL-E_cloud_surfing_puppy.webp',
      'made_xmp_dst_composite_ai_edit.jpg',
      'exifr_heic-iphone7.heic',
      'sdp_AUTOMATIC1111_automatic1111_stealth.png',
      'made_no_metadata.png',
    ];
    const cases = provenanceFixtureCases.filter((c) => picks.includes(c.name));

    it('picks files that exist in the table', () => expect(cases.map((c) => c.name).sort()).toEqual([...picks].sort()));

    it.each(cases.map((c) => [c.name, c] as const))('%s', slow, async (name, fixture) => {
      const app = apps.appWith({ ...production(), allowPrivate: true, timeBudgetMs: 100_000 });
      const response = await app.postUrl(`${images.origin}/files/${encodeURIComponent(name)}`);
      expect(response.status).toBe(200);
      const result = await app.finalOf(response);
      expect({ verdict: result.verdict, strength: result.strength }).toEqual(fixture.expected);
      // The same bytes as an upload: the same answer (from the content-hash cache).
      const uploaded = await app.finalOf(await app.postBytes(readFileSync(fixture.file)));
      expect(uploaded).toEqual(result);
    });
  });
});
