import type { ProvenanceEvidenceSource, ProvenanceResult, ProvenanceStrength, ProvenanceVerdict } from '../contract';

/**
 * How a provenance verdict reads in the extension. Each verdict has its own
 * icon, words and colour, and the strength is always written out: a badge
 * never relies on colour alone.
 */
export interface VerdictDisplay {
  /** Full words, e.g. in the details view. */
  label: string;
  /** Fits on a small badge. */
  short: string;
  /** Which icon to draw (see components/provenance/VerdictIcon). */
  icon: 'sparkle' | 'half-sparkle' | 'camera' | 'question';
}

export const VERDICT_DISPLAY: Record<ProvenanceVerdict, VerdictDisplay> = {
  'ai-generated': { label: 'AI-generated', short: 'AI', icon: 'sparkle' },
  'ai-edited': { label: 'Edited with AI', short: 'AI-edited', icon: 'half-sparkle' },
  'camera-or-human': { label: 'Camera or human-made', short: 'Camera', icon: 'camera' },
  unknown: { label: 'Origin unknown', short: 'Unknown', icon: 'question' },
};

/** What each strength means, for people who have never heard of C2PA. */
export const STRENGTH_DISPLAY: Record<ProvenanceStrength, { label: string; explanation: string }> = {
  verified: { label: 'verified', explanation: 'Content Credentials intact and signed by a trusted signer.' },
  signed: { label: 'signed', explanation: 'Content Credentials intact, but the signer is not on the trust list (or could not be checked).' },
  declared: { label: 'declared', explanation: 'The file says so in unsigned metadata or a watermark: easy to add or remove.' },
  hint: { label: 'hint', explanation: 'A weak sign only, not enough for a verdict.' },
  none: { label: 'no evidence', explanation: 'Nothing in the file says where it came from.' },
};

/** The badge's words: "AI · signed", "Camera · verified", "Unknown". */
export function badgeText(result: Pick<ProvenanceResult, 'verdict' | 'strength'>): string {
  const verdict = VERDICT_DISPLAY[result.verdict].short;
  return result.strength === 'none' ? verdict : `${verdict} · ${STRENGTH_DISPLAY[result.strength].label}`;
}

/** What a screen reader hears for the badge. */
export function badgeDescription(result: Pick<ProvenanceResult, 'verdict' | 'strength'>): string {
  return `Provenance: ${VERDICT_DISPLAY[result.verdict].label}, ${STRENGTH_DISPLAY[result.strength].label}`;
}

/** Where a piece of evidence was found, in words. */
export const EVIDENCE_SOURCE_LABEL: Record<ProvenanceEvidenceSource, string> = {
  c2pa: 'Content Credentials (C2PA)',
  xmp: 'XMP metadata',
  iptc: 'IPTC metadata',
  'png-text': 'PNG text',
  exif: 'EXIF',
  watermark: 'Invisible watermark',
};
