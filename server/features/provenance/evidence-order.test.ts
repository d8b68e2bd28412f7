import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturesSkipReason, haveFixtures } from '../../testing/fixtures';
import { provenanceFixtureTrust } from '../../testing/provenance-fixture-cases';
import { analyzeProvenance, analyzeProvenanceFinal } from './analyze';
import { closeC2paValidator } from './readers/c2pa-wasm';
import { iTXt, pngWith, xmpPacket } from './testing/builders';
import { DIGITAL_CAPTURE, signedPng, TEST_CA_PEM, TEST_SIGNER_NAME } from './testing/c2pa-signing';
import { loadTrustLists, type TrustSettings } from './trust';

/**
 * Evidence never ranks backwards: a camera claim (`c2pa.created`, digitalSourceType digitalCapture)
 * in intact Content Credentials whose signer is not on the trust list is at least as strong as the
 * same claim unsigned in XMP (a hint), and never `camera-or-human`, which takes a trusted signer.
 * The file is signed for real (c2pa-rs's builder, a test-only certificate) and read under the
 * production trust list, as LOUPE_TRUST_ANCHORS / LOUPE_TRUST_CONFIG give it.
 */
afterAll(() => closeC2paValidator());

if (!haveFixtures) console.warn(`[evidence order] skipped: ${fixturesSkipReason}`);

const productionTrust = (): TrustSettings =>
  loadTrustLists({
    LOUPE_TRUST_ANCHORS: provenanceFixtureTrust.productionAnchors.join(','),
    LOUPE_TRUST_CONFIG: provenanceFixtureTrust.config,
  }).trust;

/** The production list with the test CA added: what a server that trusts the test signer would read. */
const trustingTestSigner = (): TrustSettings => {
  const production = productionTrust();
  return { ...production, anchorsPem: `${production.anchorsPem ?? ''}\n${TEST_CA_PEM}` };
};

const strengths = ['none', 'hint', 'declared', 'signed', 'verified'] as const;
const rankOf = (strength: (typeof strengths)[number]) => strengths.indexOf(strength);

describe.skipIf(!haveFixtures)('a camera claim signed by an untrusted certificate (production trust list)', () => {
  let photo: Buffer;
  let signed: Uint8Array;
  beforeAll(async () => {
    photo = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#4a6d8c' } })
      .png()
      .toBuffer();
    signed = await signedPng(photo, DIGITAL_CAPTURE);
  });

  it('reads as intact, untrusted Content Credentials claiming a capture: unknown, with a hint', async () => {
    const result = await analyzeProvenanceFinal(signed, { trust: productionTrust() });
    expect(result).toMatchObject({ verdict: 'unknown', strength: 'hint', status: 'final' });
    expect(result.evidence).toContainEqual(
      expect.objectContaining({
        source: 'c2pa',
        value: expect.stringContaining('c2pa.created digitalSourceType=digitalCapture in active manifest'),
        signer: expect.stringContaining(TEST_SIGNER_NAME),
        integrity: 'valid',
        trust: 'untrusted',
      }),
    );
    expect(result.warnings.join(' ')).toMatch(/not on the trust list/);
  });

  it('is never weaker than the same claim unsigned in XMP, and never camera-or-human', async () => {
    const unsigned = await analyzeProvenanceFinal(
      pngWith([
        iTXt(
          'XML:com.adobe.xmp',
          xmpPacket(`<rdf:Description Iptc4xmpExt:DigitalSourceType="${DIGITAL_CAPTURE}"/>`),
          false,
        ),
      ]),
      { trust: productionTrust() },
    );
    expect(unsigned).toMatchObject({ verdict: 'unknown', strength: 'hint' });

    const signedResult = await analyzeProvenanceFinal(signed, { trust: productionTrust() });
    expect(rankOf(signedResult.strength)).toBeGreaterThanOrEqual(rankOf(unsigned.strength));
    expect(signedResult.verdict).not.toBe('camera-or-human');
  });

  it('reads the same while validation runs (the provisional answer)', async () => {
    // A patience of 0 ms, and the one validation worker kept busy with earlier copies of the file, so
    // that this validation cannot finish first (a quick one alone sometimes beat the 0 ms timer).
    const trust = productionTrust();
    const ahead = Array.from({ length: 8 }, () => analyzeProvenanceFinal(signed, { trust }));
    const first = await analyzeProvenance(signed, { trust, provisionalAfterMs: 0 });
    expect(first).toMatchObject({ verdict: 'unknown', strength: 'hint', status: 'provisional' });
    for (const final of await Promise.all(ahead)) expect(final).toMatchObject({ verdict: 'unknown', strength: 'hint' });
  });

  it('is camera-or-human, verified, once its signer is on the trust list', async () => {
    const result = await analyzeProvenanceFinal(signed, { trust: trustingTestSigner() });
    expect(result).toMatchObject({ verdict: 'camera-or-human', strength: 'verified' });
    expect(result.evidence).toContainEqual(expect.objectContaining({ integrity: 'valid', trust: 'trusted' }));
  });
});
