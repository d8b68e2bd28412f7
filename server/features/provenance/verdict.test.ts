import { describe, expect, it } from 'vitest';
import type { C2paClaims, C2paFinding } from './readers/c2pa-claims';
import { decide, MISMATCH_WARNING } from './verdict';
import type { Signals } from './verdict';

const finding = (overrides: Partial<C2paFinding>): C2paFinding => ({
  signer: 'Org',
  claimGenerator: 'gen',
  integrity: 'valid',
  trust: 'untrusted',
  failureCodes: [],
  integrityFailures: [],
  claim: 'none',
  claimDetail: '',
  inferred: false,
  manifestCount: 1,
  ...overrides,
});
const signals = (overrides: Partial<Signals>): Signals => ({
  c2pa: null,
  declarations: [],
  hints: [],
  warnings: [],
  ...overrides,
});
const c2pa = (overrides: Partial<C2paFinding>) => ({
  finding: finding(overrides),
  evidence: { source: 'c2pa' as const, field: 'c2pa.manifest', value: '' },
});
const unvalidated = (overrides: Partial<C2paClaims>) => ({
  claims: {
    claim: 'none' as const,
    claimDetail: '',
    inferred: false,
    manifestCount: 30,
    claimGenerator: 'gen',
    ...overrides,
  },
  evidence: { source: 'c2pa' as const, field: 'c2pa.manifest', value: 'not validated yet' },
});
const declared = {
  meaning: 'ai-generated' as const,
  evidence: { source: 'xmp' as const, field: 'Iptc4xmpExt:DigitalSourceType', value: 'trainedAlgorithmicMedia' },
};
const hint = { source: 'exif' as const, field: 'Make/Model', value: 'Canon' };

describe('decide', () => {
  it('never claims anything when credentials do not match the file', () => {
    const decision = decide(
      signals({
        c2pa: c2pa({ integrity: 'invalid', claim: 'ai-generated', trust: 'trusted' }),
        declarations: [declared],
      }),
    );
    expect(decision).toMatchObject({ verdict: 'unknown', strength: 'none' });
    expect(decision.warnings).toContain(MISMATCH_WARNING);
  });

  it('maps C2PA AI claims to verified (trusted) or signed (untrusted / unchecked)', () => {
    expect(decide(signals({ c2pa: c2pa({ claim: 'ai-generated', trust: 'trusted' }) }))).toMatchObject({
      verdict: 'ai-generated',
      strength: 'verified',
    });
    expect(decide(signals({ c2pa: c2pa({ claim: 'ai-edited', trust: 'untrusted' }) }))).toMatchObject({
      verdict: 'ai-edited',
      strength: 'signed',
    });
    expect(decide(signals({ c2pa: c2pa({ claim: 'ai-generated', trust: 'unchecked' }) }))).toMatchObject({
      verdict: 'ai-generated',
      strength: 'signed',
    });
  });

  it('says camera-or-human only with verified credentials', () => {
    expect(decide(signals({ c2pa: c2pa({ claim: 'capture', trust: 'trusted' }) }))).toMatchObject({
      verdict: 'camera-or-human',
      strength: 'verified',
    });
    expect(decide(signals({ c2pa: c2pa({ claim: 'capture', trust: 'untrusted' }) }))).toMatchObject({
      verdict: 'unknown',
      strength: 'hint',
    });
    expect(decide(signals({ c2pa: c2pa({ claim: 'capture', trust: 'unchecked' }) }))).toMatchObject({
      verdict: 'unknown',
      strength: 'hint',
    });
  });

  it('counts unsigned AI declarations as declared, and hints as no verdict', () => {
    expect(decide(signals({ declarations: [declared], hints: [hint] }))).toMatchObject({
      verdict: 'ai-generated',
      strength: 'declared',
    });
    expect(decide(signals({ declarations: [{ ...declared, meaning: 'ai-edited' }] }))).toMatchObject({
      verdict: 'ai-edited',
      strength: 'declared',
    });
    expect(decide(signals({ hints: [hint] }))).toMatchObject({ verdict: 'unknown', strength: 'hint' });
  });

  it('reads unvalidated credentials (a provisional answer) as declared at most, and a camera claim in them as a hint', () => {
    const ai = decide(signals({ c2paUnvalidated: unvalidated({ claim: 'ai-generated', tool: 'Imagen' }) }));
    expect(ai).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
    expect(ai.summary).toMatch(/still being validated/);
    expect(decide(signals({ c2paUnvalidated: unvalidated({ claim: 'ai-edited' }) }))).toMatchObject({
      verdict: 'ai-edited',
      strength: 'declared',
    });
    expect(decide(signals({ c2paUnvalidated: unvalidated({ claim: 'capture' }) }))).toMatchObject({
      verdict: 'unknown',
      strength: 'hint',
    });
    expect(decide(signals({ c2paUnvalidated: unvalidated({}) }))).toMatchObject({
      verdict: 'unknown',
      strength: 'hint',
    });
    // Unsigned metadata still counts beside a capture claim nobody has checked.
    expect(
      decide(signals({ c2paUnvalidated: unvalidated({ claim: 'capture' }), declarations: [declared] })),
    ).toMatchObject({ verdict: 'ai-generated', strength: 'declared' });
  });

  it('says "no provenance found", never human, when there is nothing', () => {
    const decision = decide(signals({}));
    expect(decision).toMatchObject({ verdict: 'unknown', strength: 'none' });
    expect(decision.summary).toMatch(/no provenance found/i);
    expect(decision.summary).not.toMatch(/human made|by a person/i);
  });
});
