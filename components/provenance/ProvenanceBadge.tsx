import type { UseQueryResult } from '@tanstack/react-query';
import { badgeText, VERDICT_DISPLAY } from '@/utils/provenance/verdict-display';
import type { ProvenanceCheck } from '@/utils/provenance/check-provenance';
import { VerdictIcon } from './VerdictIcon';

/**
 * The small provenance badge on an image card: icon, verdict and strength in
 * words, coloured per verdict. Pressing it opens the evidence.
 */
export function ProvenanceBadge({ check, onOpen }: { check: UseQueryResult<ProvenanceCheck>; onOpen: () => void }) {
  if (check.isError) {
    return (
      <button type="button" className="provenance-badge" data-testid="provenance-badge" data-state="error" onClick={onOpen} title={check.error.message}>
        Couldn’t check
      </button>
    );
  }
  if (!check.data) {
    return (
      <span className="provenance-badge" data-testid="provenance-badge" data-state="checking" aria-live="polite">
        Checking…
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
      aria-label={`Provenance: ${badgeText(result)}${provisional ? ' · validating' : ''} (${VERDICT_DISPLAY[result.verdict].label}). Show the evidence`}
      title={result.summary}
    >
      <VerdictIcon verdict={result.verdict} />
      {badgeText(result)}
      {provisional && <span className="muted"> · validating…</span>}
    </button>
  );
}
