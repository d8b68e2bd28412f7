import type { ProvenanceEvidence, ProvenanceStrength, ProvenanceVerdict } from '../../../utils/contract/provenance';
import type { C2paClaims, C2paFinding } from './readers/c2pa-claims';

/**
 * The rules that turn evidence into a verdict. They are deliberately
 * conservative:
 * - Content Credentials that do not match the file give `unknown`, whatever they claim.
 * - `camera-or-human` needs intact credentials from a trusted signer (`verified`).
 * - Unsigned AI declarations (metadata, generator chunks, watermarks) are `declared`.
 * - Weak signals (camera EXIF, a generator name in Software) are `hint`s, never a verdict.
 * - No evidence is `unknown` "no provenance found", never "human".
 */
export interface Declaration {
  evidence: ProvenanceEvidence;
  meaning: 'ai-generated' | 'ai-edited';
}

export interface Signals {
  c2pa: { finding: C2paFinding; evidence: ProvenanceEvidence } | null;
  /**
   * Content Credentials read but not validated yet (a provisional answer): what they claim,
   * unchecked. Never more than `declared`; a capture claim or none is only a hint.
   */
  c2paUnvalidated?: { claims: C2paClaims; evidence: ProvenanceEvidence } | null;
  declarations: Declaration[];
  hints: ProvenanceEvidence[];
  warnings: string[];
}

export interface Decision {
  verdict: ProvenanceVerdict;
  strength: ProvenanceStrength;
  summary: string;
  warnings: string[];
}

export const MISMATCH_WARNING =
  'Content Credentials present but do not match this file (changed after signing, or written incorrectly)';
const UNTRUSTED_CAPTURE_WARNING =
  'The camera/human claim is signed by a certificate that is not on the trust list: anyone can sign such a claim';

const label: Record<'ai-generated' | 'ai-edited', string> = {
  'ai-generated': 'AI-generated',
  'ai-edited': 'AI-edited',
};

const signerPhrase = (finding: C2paFinding): string => {
  if (finding.trust === 'trusted') return `verified Content Credentials signed by ${finding.signer}`;
  if (finding.trust === 'unchecked')
    return `Content Credentials signed by ${finding.signer} (signer not checked: no trust list configured)`;
  return `Content Credentials signed by ${finding.signer} (signer not on the trust list)`;
};

export const decide = (signals: Signals): Decision => {
  const warnings = [...signals.warnings];
  const c2pa = signals.c2pa?.finding;

  if (c2pa && c2pa.integrity === 'invalid') {
    warnings.unshift(MISMATCH_WARNING);
    return {
      verdict: 'unknown',
      strength: 'none',
      summary: 'Unknown: Content Credentials are present but do not match this image',
      warnings,
    };
  }

  if (c2pa && (c2pa.claim === 'ai-generated' || c2pa.claim === 'ai-edited')) {
    const strength: ProvenanceStrength = c2pa.trust === 'trusted' ? 'verified' : 'signed';
    const tool = c2pa.tool ? ` (${c2pa.tool})` : '';
    return {
      verdict: c2pa.claim,
      strength,
      summary: `${label[c2pa.claim]}${tool}, according to ${signerPhrase(c2pa)}`,
      warnings,
    };
  }

  if (c2pa && c2pa.claim === 'capture' && c2pa.trust === 'trusted') {
    const conflicting = signals.declarations.length > 0;
    if (conflicting)
      warnings.push(
        'Unsigned metadata in the file claims AI involvement; the verified Content Credentials say otherwise',
      );
    return {
      verdict: 'camera-or-human',
      strength: 'verified',
      summary: `Camera or human made, according to ${signerPhrase(c2pa)}`,
      warnings,
    };
  }

  const unvalidated = signals.c2paUnvalidated?.claims;
  if (unvalidated && (unvalidated.claim === 'ai-generated' || unvalidated.claim === 'ai-edited')) {
    const tool = unvalidated.tool ? ` (${unvalidated.tool})` : '';
    return {
      verdict: unvalidated.claim,
      strength: 'declared',
      summary: `${label[unvalidated.claim]}${tool}, according to Content Credentials that are still being validated (not yet checked against the file or the trust list)`,
      warnings,
    };
  }

  const generated = signals.declarations.find((declaration) => declaration.meaning === 'ai-generated');
  const edited = signals.declarations.find((declaration) => declaration.meaning === 'ai-edited');
  const declared = generated ?? edited;
  if (declared) {
    const what = declared.evidence.tool ?? `${declared.evidence.field}=${declared.evidence.value.slice(0, 60)}`;
    return {
      verdict: declared.meaning,
      strength: 'declared',
      summary: `${label[declared.meaning]}, declared by unsigned metadata (${what}); not signed, so it can be added or removed by anyone`,
      warnings,
    };
  }

  if (c2pa && c2pa.claim === 'capture') {
    warnings.push(UNTRUSTED_CAPTURE_WARNING);
    return {
      verdict: 'unknown',
      strength: 'hint',
      summary: `Unknown: a camera claim is signed by ${c2pa.signer}, but the signer is not trusted`,
      warnings,
    };
  }

  if (c2pa) {
    return {
      verdict: 'unknown',
      strength: c2pa.trust === 'trusted' ? 'verified' : 'signed',
      summary: `Unknown: ${signerPhrase(c2pa)}, but they make no AI or capture claim`,
      warnings,
    };
  }

  if (unvalidated) {
    return {
      verdict: 'unknown',
      strength: 'hint',
      summary: 'Unknown for now: Content Credentials are present and still being validated',
      warnings,
    };
  }

  if (signals.hints.length > 0) {
    const first = signals.hints[0];
    const what = first ? `${first.field}=${first.value.slice(0, 60)}` : '';
    return {
      verdict: 'unknown',
      strength: 'hint',
      summary: `Unknown: only weak hints (${what}), not enough for a verdict`,
      warnings,
    };
  }

  return {
    verdict: 'unknown',
    strength: 'none',
    summary: 'Unknown: no provenance found (this does not mean a person made it)',
    warnings,
  };
};
