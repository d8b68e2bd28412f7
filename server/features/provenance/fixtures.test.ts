import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ProvenanceResultSchema } from '../../../utils/contract/provenance';
import { fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import {
  provenanceFixtureCases,
  provenanceFixtureTrust,
  provenanceFixturesDir,
} from '../../testing/provenance-fixture-cases';
import { analyzeProvenance, analyzeProvenanceFinal, analyzeProvenanceInStages, PROVISIONAL_WARNING } from './analyze';
import { closeC2paValidator } from './readers/c2pa-wasm';
import { ProvenanceCache } from './result-cache';
import { MISMATCH_WARNING } from './verdict';
import { loadTrustLists } from './trust';

/**
 * Every real and made file in the shared provenance fixtures goes through
 * analyzeProvenance and must match EXPECTED.json (verdict and strength under
 * the production trust configuration; `*_with_test_anchors` with the c2pa-rs
 * test roots added). The case table is shared with the API's fixture test.
 * What is checked is the final answer: a file whose validation is slow gets a
 * provisional first answer, checked on its own below.
 * Trust comes in the way production gets it: through LOUPE_TRUST_ANCHORS /
 * LOUPE_TRUST_CONFIG.
 */
afterAll(() => closeC2paValidator());

if (!haveFixtures) console.warn(`[provenance fixtures] skipped: ${fixturesSkipReason}`);

const dir = provenanceFixturesDir;
const byName = new Map(provenanceFixtureCases.map((fixture) => [fixture.name, fixture]));
const files = [...byName.keys()];

const productionTrust = () =>
  loadTrustLists({
    LOUPE_TRUST_ANCHORS: provenanceFixtureTrust.productionAnchors.join(','),
    LOUPE_TRUST_CONFIG: provenanceFixtureTrust.config,
  }).trust;

describe.skipIf(!haveFixtures)('provenance fixtures (production trust list)', () => {
  const trust = haveFixtures ? productionTrust() : {};

  it('covers every image in the folder', () => {
    const images = readdirSync(dir).filter((name) => !/\.(json|pem|cfg)$/.test(name));
    expect(images.sort()).toEqual([...files].sort());
  });

  // Generous budgets: one file (30 nested manifests) takes seconds with trust checks, more on a loaded 2-core machine.
  it.each(files)('%s', { timeout: 120_000 }, async (name) => {
    const fixture = byName.get(name)!;
    const result = await analyzeProvenanceFinal(readFileSync(fixture.file), { trust, timeBudgetMs: 100_000 });
    expect(ProvenanceResultSchema.safeParse(result).success).toBe(true);
    expect(result.status).toBe('final');
    expect({ verdict: result.verdict, strength: result.strength }).toEqual(fixture.expected);
    if (fixture.mismatchWarning) expect(result.warnings).toContain(MISMATCH_WARNING);
    if (fixture.expected.strength === 'none' && !fixture.mismatchWarning)
      expect(result.summary).toMatch(/no provenance found/i);
    if (result.verdict !== 'unknown' || result.strength !== 'none') expect(result.evidence.length).toBeGreaterThan(0);
  });
});

describe.skipIf(!haveFixtures)('provenance fixtures (with the c2pa-rs test anchors added)', () => {
  const withTestAnchors = haveFixtures
    ? loadTrustLists({
        LOUPE_TRUST_ANCHORS: [...provenanceFixtureTrust.productionAnchors, provenanceFixtureTrust.testAnchors].join(
          ',',
        ),
        LOUPE_TRUST_CONFIG: provenanceFixtureTrust.config,
      }).trust
    : {};
  const differing = provenanceFixtureCases.filter((fixture) => fixture.withTestAnchors).map((fixture) => fixture.name);

  // EXPECTED.json says "verified-test-anchor": the case table reads it as the contract's one "verified".
  it.each(differing)('%s', async (name) => {
    const fixture = byName.get(name)!;
    const result = await analyzeProvenanceFinal(readFileSync(fixture.file), { trust: withTestAnchors });
    expect({ verdict: result.verdict, strength: result.strength }).toEqual(fixture.withTestAnchors);
  });
});

const strengthOrder = ['none', 'hint', 'declared', 'signed', 'verified'] as const;

describe.skipIf(!haveFixtures)('provisional answers while C2PA validation runs (production trust list)', () => {
  // The budget is an option, not a clock in the test: 0 ms means "never wait for validation",
  // so the 30-manifest store (seconds to validate) deterministically gets a provisional first answer.
  it(
    'huminify_triple: a provisional first answer no stronger than the final, then the final one from the cache',
    { timeout: 120_000 },
    async () => {
      const cache = new ProvenanceCache();
      const fixture = byName.get('huminify_triple.png')!;
      const trust = productionTrust();
      const bytes = readFileSync(fixture.file);
      const { first, final } = await analyzeProvenanceInStages(bytes, {
        trust,
        cache,
        provisionalAfterMs: 0,
        timeBudgetMs: 100_000,
      });

      expect(ProvenanceResultSchema.parse(first).status).toBe('provisional');
      expect(first.warnings).toContain(PROVISIONAL_WARNING);
      // Read without validation: the AI claim is there, but only as strong as unsigned metadata.
      expect({ verdict: first.verdict, strength: first.strength }).toEqual({
        verdict: 'ai-generated',
        strength: 'declared',
      });
      const c2pa = first.evidence.find((item) => item.source === 'c2pa');
      expect(c2pa?.value).toMatch(/not validated yet/);
      expect(c2pa).not.toHaveProperty('integrity');
      expect(c2pa).not.toHaveProperty('trust');
      expect(c2pa).not.toHaveProperty('signer');
      // While validation runs, the cache holds the provisional answer, and a repeat gets it without a second validation.
      expect(cache.get(first.sha256, trust)).toEqual(first);
      expect(await analyzeProvenance(bytes, { trust, cache, provisionalAfterMs: 0 })).toEqual(first);

      const done = await final;
      expect(done.status).toBe('final');
      expect({ verdict: done.verdict, strength: done.strength }).toEqual(fixture.expected);
      expect(done.warnings).not.toContain(PROVISIONAL_WARNING);
      expect(strengthOrder.indexOf(first.strength)).toBeLessThanOrEqual(strengthOrder.indexOf(done.strength));
      expect(first.verdict === done.verdict || first.verdict === 'unknown').toBe(true);
      // The final answer replaced the provisional one: later requests get it at once.
      expect(cache.get(first.sha256, trust)).toEqual(done);
      expect(await analyzeProvenance(bytes, { trust, cache, provisionalAfterMs: 0 })).toEqual(done);
    },
  );

  it('a file that validates within the budget is final at once', async () => {
    const fixture = byName.get('huminify_lady.png')!;
    const { first, final } = await analyzeProvenanceInStages(readFileSync(fixture.file), {
      trust: productionTrust(),
      provisionalAfterMs: 100_000,
    });
    expect(first.status).toBe('final');
    expect({ verdict: first.verdict, strength: first.strength }).toEqual(fixture.expected);
    expect(await final).toEqual(first);
  });

  it(
    'never reads a provisional answer as verified, nor a camera claim as camera-or-human',
    { timeout: 120_000 },
    async () => {
      // A camera file (Truepic, verified with the production list) and a Nikon one: their unvalidated claims are hints at most.
      for (const name of ['pt_truepic-20230212-camera.jpg', 'pt_nikon-20221019-building.jpeg']) {
        const fixture = byName.get(name)!;
        const bytes = readFileSync(fixture.file);
        const trust = productionTrust();
        // A patience of 0 ms, and the one validation worker kept busy with earlier copies of the file, so
        // that this validation cannot finish first (these quick ones alone sometimes beat the 0 ms timer).
        const ahead = Array.from({ length: 8 }, () => analyzeProvenanceFinal(bytes, { trust }));
        const { first, final } = await analyzeProvenanceInStages(bytes, { trust, provisionalAfterMs: 0 });
        expect(first.status).toBe('provisional');
        expect(first.verdict).not.toBe('camera-or-human');
        expect(['none', 'hint', 'declared']).toContain(first.strength);
        expect(await final).toMatchObject({ ...fixture.expected, status: 'final' });
        for (const queued of await Promise.all(ahead)) expect(queued).toMatchObject(fixture.expected);
      }
    },
  );
});

describe.skipIf(!haveFixtures)('provenance fixtures without any trust list', () => {
  it('still reads Content Credentials but never says verified', async () => {
    const result = await analyzeProvenance(readFileSync(`${dir}/huminify_lady.png`));
    expect(result.verdict).toBe('ai-generated');
    expect(result.strength).toBe('signed');
    expect(result.evidence.find((item) => item.source === 'c2pa')?.trust).toBe('unchecked');
    expect(result.summary).toMatch(/not checked/);
  });

  it('stops a slow C2PA validation at the time budget, says so, and does not cache the cut-short answer', async () => {
    const cache = new ProvenanceCache();
    const bytes = readFileSync(`${dir}/huminify_triple.png`); // 30 nested manifests: seconds with trust checks
    const trust = productionTrust();
    const started = performance.now();
    const result = await analyzeProvenance(bytes, { trust, cache, timeBudgetMs: 300 });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(result.verdict).toBe('unknown');
    expect(result.warnings.join(' ')).toMatch(/could not be checked/);
    expect(cache.get(result.sha256, trust)).toBeUndefined(); // the next request starts afresh
  });

  it('caches by content hash, under each trust configuration apart: a repeat is the cached answer, a copy', async () => {
    const cache = new ProvenanceCache();
    const bytes = readFileSync(`${dir}/c2pats_amazon-titan-g1.png`);
    const first = await analyzeProvenance(bytes, { cache, provisionalAfterMs: 100_000 }); // final at once
    expect(cache.get(first.sha256)).toEqual(first);
    expect(cache.get(first.sha256, productionTrust())).toBeUndefined();
    first.warnings.push('decorated by a caller');
    const second = await analyzeProvenance(new Uint8Array(bytes), { cache, provisionalAfterMs: 100_000 });
    expect(second.warnings).not.toContain('decorated by a caller');
    expect(second).toEqual(cache.get(first.sha256));
    expect(cache.answers.size).toBe(1);
  });
});
