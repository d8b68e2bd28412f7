import type { UseQueryResult } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import type { ProvenanceEvidence } from '@/utils/contract';
import type { ProvenanceCheck } from '@/utils/provenance/check-provenance';
import { EVIDENCE_SOURCE_LABEL, STRENGTH_DISPLAY, VERDICT_DISPLAY } from '@/utils/provenance/verdict-display';
import { VerdictIcon } from './VerdictIcon';
import { i18n } from '#i18n';

/**
 * Where an image comes from, with everything the file showed: the verdict
 * and how strong it is, warnings, and each piece of evidence. All text comes
 * from the file or the backend and is rendered as text, never as HTML.
 */
export function ProvenanceDetails({
  imageUrl,
  altText,
  check,
  onClose,
}: {
  imageUrl: string;
  altText?: string;
  check: UseQueryResult<ProvenanceCheck>;
  onClose: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [imageUrl]);

  return (
    <section
      className="card stack provenance-details"
      role="dialog"
      aria-labelledby="provenance-heading"
      data-testid="provenance-details"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <div className="row">
        <img src={imageUrl} alt={altText ?? ''} width={48} height={48} className="product-thumb" />
        <h2 id="provenance-heading" className="grow" tabIndex={-1} ref={heading}>
          {i18n.t('provenance.details.heading')}
        </h2>
        <button type="button" onClick={onClose} aria-label={i18n.t('common.close')}>
          ✕
        </button>
      </div>
      {check.isPending && (
        <p className="muted" aria-live="polite">
          {i18n.t('provenance.details.checking')}
        </p>
      )}
      {check.isError && (
        <div className="row" role="alert">
          <span className="grow">{i18n.t('provenance.details.failed', [check.error.message])}</span>
          <button type="button" onClick={() => void check.refetch()}>
            {i18n.t('common.tryAgain')}
          </button>
        </div>
      )}
      {check.data && <Findings check={check.data} />}
    </section>
  );
}

function Findings({ check: { result, checkedFrom } }: { check: ProvenanceCheck }) {
  const verdict = VERDICT_DISPLAY[result.verdict];
  const strength = STRENGTH_DISPLAY[result.strength];
  return (
    <>
      <div className="verdict-block" data-verdict={result.verdict} data-testid="provenance-verdict">
        <VerdictIcon verdict={result.verdict} size={22} />
        <div>
          <strong>{verdict.label}</strong> <span className="strength-label">({strength.label})</span>
          <div className="muted">{strength.explanation}</div>
        </div>
      </div>
      <p data-testid="provenance-summary">{result.summary}</p>
      {result.warnings.length > 0 && (
        <ul className="provenance-warnings" data-testid="provenance-warnings">
          {result.warnings.map((warning) => (
            <li key={warning}>⚠ {warning}</li>
          ))}
        </ul>
      )}
      {result.evidence.length > 0 ? (
        <section aria-labelledby="evidence-heading" className="stack">
          <h3 id="evidence-heading">{i18n.t('provenance.details.evidence')}</h3>
          <ol className="evidence-list">
            {result.evidence.map((evidence, index) => (
              <EvidenceItem key={index} evidence={evidence} />
            ))}
          </ol>
        </section>
      ) : (
        <p className="muted">{i18n.t('provenance.details.noEvidence')}</p>
      )}
      <p className="muted small">
        {checkedFrom === 'browser-copy'
          ? i18n.t('provenance.details.checkedFromBrowserCopy')
          : i18n.t('provenance.details.checkedByBackend')}{' '}
        SHA-256 <code className="hash">{result.sha256}</code>
      </p>
    </>
  );
}

function EvidenceItem({ evidence }: { evidence: ProvenanceEvidence }) {
  const facts: [string, string | undefined][] = [
    [i18n.t('provenance.fact.field'), evidence.field],
    [i18n.t('provenance.fact.value'), evidence.value],
    [i18n.t('provenance.fact.signer'), evidence.signer],
    [i18n.t('provenance.fact.tool'), evidence.tool],
    [
      i18n.t('provenance.fact.integrity'),
      evidence.integrity &&
        (evidence.integrity === 'valid'
          ? i18n.t('provenance.fact.integrityValid')
          : i18n.t('provenance.fact.integrityInvalid')),
    ],
    [i18n.t('provenance.fact.trust'), evidence.trust],
    [i18n.t('provenance.fact.failureCodes'), evidence.failureCodes?.join(', ')],
  ];
  return (
    <li className="evidence-item" data-testid="provenance-evidence" data-source={evidence.source}>
      <strong>{EVIDENCE_SOURCE_LABEL[evidence.source]}</strong>
      <dl>
        {facts
          .filter(([, value]) => value)
          .map(([term, value]) => (
            <div key={term} className="fact">
              <dt>{term}</dt>
              <dd>{value}</dd>
            </div>
          ))}
      </dl>
    </li>
  );
}
