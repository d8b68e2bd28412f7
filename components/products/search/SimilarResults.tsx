import type { SimilarProductsResponse } from '@/utils/contract';
import { ProductResults } from '../ProductResults';
import { i18n } from '#i18n';

/**
 * Similar products, closest first, grouped by closeness: the close matches, then the less alike.
 * When nothing is close it says so first, and keeps the nearest products folded away: the
 * least unlike of unrelated products is not an answer.
 */
export function SimilarResults({ response }: { response: SimilarProductsResponse }) {
  const sorted = [...response.results].sort((a, b) => b.similarity - a.similarity);
  const close = sorted.filter((result) => result.close);
  const rest = sorted.filter((result) => !result.close);
  if (!response.closeMatch)
    return (
      <div className="stack">
        <p className="empty-state" role="status" data-testid="no-close-match">
          {i18n.t('sidepanel.search.noCloseMatch')}
        </p>
        <details className="nearest-anyway">
          <summary>{i18n.t('sidepanel.search.showNearest', [String(rest.length)])}</summary>
          <ProductResults results={rest} label={i18n.t('sidepanel.search.lessAlikeLabel')} />
        </details>
      </div>
    );
  return (
    <div className="stack">
      <h3>{i18n.t('sidepanel.search.closeLabel')}</h3>
      <ProductResults results={close} label={i18n.t('sidepanel.search.closeLabel')} />
      {rest.length > 0 && (
        <>
          <h3>{i18n.t('sidepanel.search.lessAlikeLabel')}</h3>
          <ProductResults results={rest} label={i18n.t('sidepanel.search.lessAlikeLabel')} />
        </>
      )}
    </div>
  );
}
