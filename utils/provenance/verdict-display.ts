import type { ProvenanceEvidenceSource, ProvenanceResult, ProvenanceStrength, ProvenanceVerdict } from '../contract';
import { i18n } from '#i18n';

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

// Words are read once, when the module loads (browser.i18n answers synchronously in every extension context).
export const VERDICT_DISPLAY: Record<ProvenanceVerdict, VerdictDisplay> = {
  'ai-generated': {
    label: i18n.t('provenance.verdict.aiGenerated'),
    short: i18n.t('provenance.verdictShort.aiGenerated'),
    icon: 'sparkle',
  },
  'ai-edited': {
    label: i18n.t('provenance.verdict.aiEdited'),
    short: i18n.t('provenance.verdictShort.aiEdited'),
    icon: 'half-sparkle',
  },
  'camera-or-human': {
    label: i18n.t('provenance.verdict.cameraOrHuman'),
    short: i18n.t('provenance.verdictShort.cameraOrHuman'),
    icon: 'camera',
  },
  unknown: {
    label: i18n.t('provenance.verdict.unknown'),
    short: i18n.t('provenance.verdictShort.unknown'),
    icon: 'question',
  },
};

/** What each strength means, for people who have never heard of C2PA. */
export const STRENGTH_DISPLAY: Record<ProvenanceStrength, { label: string; explanation: string }> = {
  verified: {
    label: i18n.t('provenance.strength.verified'),
    explanation: i18n.t('provenance.strengthExplanation.verified'),
  },
  signed: { label: i18n.t('provenance.strength.signed'), explanation: i18n.t('provenance.strengthExplanation.signed') },
  declared: {
    label: i18n.t('provenance.strength.declared'),
    explanation: i18n.t('provenance.strengthExplanation.declared'),
  },
  hint: { label: i18n.t('provenance.strength.hint'), explanation: i18n.t('provenance.strengthExplanation.hint') },
  none: { label: i18n.t('provenance.strength.none'), explanation: i18n.t('provenance.strengthExplanation.none') },
};

/** The badge's words: "AI · signed", "Camera · verified", "Unknown". */
export function badgeText(result: Pick<ProvenanceResult, 'verdict' | 'strength'>): string {
  const verdict = VERDICT_DISPLAY[result.verdict].short;
  return result.strength === 'none' ? verdict : `${verdict} · ${STRENGTH_DISPLAY[result.strength].label}`;
}

/** What a screen reader hears for the badge. */
export function badgeDescription(result: Pick<ProvenanceResult, 'verdict' | 'strength'>): string {
  return i18n.t('provenance.badgeDescription', [
    VERDICT_DISPLAY[result.verdict].label,
    STRENGTH_DISPLAY[result.strength].label,
  ]);
}

/** Where a piece of evidence was found, in words. */
export const EVIDENCE_SOURCE_LABEL: Record<ProvenanceEvidenceSource, string> = {
  c2pa: i18n.t('provenance.source.c2pa'),
  xmp: i18n.t('provenance.source.xmp'),
  iptc: i18n.t('provenance.source.iptc'),
  'png-text': i18n.t('provenance.source.pngText'),
  exif: i18n.t('provenance.source.exif'),
  watermark: i18n.t('provenance.source.watermark'),
};
