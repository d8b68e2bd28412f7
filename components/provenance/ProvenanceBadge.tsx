import type { UseQueryResult } from '@tanstack/react-query';
import { badgeText, VERDICT_DISPLAY } from '@/utils/provenance/verdict-display';
import type { ProvenanceCheck } from '@/utils/provenance/check-provenance';
import { VerdictIcon } from './VerdictIcon';
import { i18n } from '#i18n';

/**
 * The small provenance badge on an image card: icon, verdict and strength in
 * words, coloured per verdict. Pressing it opens the evidence.
 */
export function ProvenanceBadge({ check, onOpen }: { check: UseQueryResult<ProvenanceCheck>; onOpen: () => void }) {
  if (check.isError) {
    return (
      <button
        type="button"
        className="provenance-badge"
        data-testid="provenance-badge"
        data-state="error"
        onClick={onOpen}
        title={check.error.message}
      >
        {i18n.t('provenance.badge.failed')}
      </button>
    );
  }
  if (!check.data) {
    return (
      <span className="provenance-badge" data-testid="provenance-badge" data-state="checking" aria-live="polite">
        {i18n.t('provenance.badge.checking')}
      </span>
    );
  }
  const { result } = check.data;
  const provisional = result.status === 'provisional';
  return (
    <button
      type="button"
      className="provenance-badge"
      data-testid="provenance-badge"
      data-state="done"
      data-verdict={result.verdict}
      data-strength={result.strength}
      data-status={result.status}
      onClick={onOpen}
      // The name starts with the words on the badge (WCAG 2.5.3): speech users say what they see.
      aria-label={
        provisional
          ? i18n.t('provenance.badge.labelValidating', [badgeText(result), VERDICT_DISPLAY[result.verdict].label])
          : i18n.t('provenance.badge.label', [badgeText(result), VERDICT_DISPLAY[result.verdict].label])
      }
      title={result.summary}
    >
      <VerdictIcon verdict={result.verdict} />
      {badgeText(result)}
      {provisional && <span className="muted">{i18n.t('provenance.badge.validating')}</span>}
    </button>
  );
}
