import type { UseQueryResult } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { ErrorNote, NotConnectedNote, useNotConnected } from '@/components/lib/Feedback';
import { ProductResults } from '@/components/products/ProductResults';
import { useProductSearch, useSimilarProducts } from '@/components/products/use-product-search';
import type { PanelIntent } from '@/utils/settings/panel-intent';
import { CENTRE_REGION } from '@/utils/products/region';
import type { ImageRegion, ProductFilters, ProductSearchResponse } from '@/utils/contract';
import { usePanelIntent } from '../../../entrypoints/sidepanel/use-panel-intent';
import { ProductFiltersForm } from './ProductFiltersForm';
import { RegionPicker } from './RegionPicker';
import { SimilarResults } from './SimilarResults';
import { WebSearch } from './WebSearch';
import { i18n } from '#i18n';

/**
 * "Search": products like an image ("Find similar" on an image card or in the
 * right-click menu), or products matching words; both with filters.
 */
export function SearchView() {
  const { intent: similarTo, dismiss } = usePanelIntent('similar');
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<ProductFilters>({});
  const search = useProductSearch(similarTo ? '' : query, filters);
  const notConnected = useNotConnected();

  return (
    <section className="stack" aria-labelledby="search-heading">
      <h2 id="search-heading" className="visually-hidden">
        {i18n.t('sidepanel.search.heading')}
      </h2>
      <form
        role="search"
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          dismiss();
          setQuery(draft);
        }}
      >
        <input
          type="search"
          className="grow"
          aria-label={i18n.t('sidepanel.search.heading')}
          placeholder={i18n.t('sidepanel.search.placeholder')}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
        />
        <button type="submit">{i18n.t('sidepanel.search.submit')}</button>
      </form>
      <ProductFiltersForm onApply={setFilters} />
      {notConnected && <NotConnectedNote toSee={i18n.t('sidepanel.search.notConnectedToSee')} />}
      {notConnected && similarTo && <WebSearch imageUrl={similarTo.image.url} where={similarTo.where} prominent />}
      {notConnected ? null : similarTo ? (
        <SimilarSearch key={similarTo.createdAt} intent={similarTo} filters={filters} onDismiss={dismiss} />
      ) : query.trim() ? (
        <Results query={search} empty={i18n.t('sidepanel.search.matchingEmpty', [query.trim()])}>
          {(data) => (
            <ProductResults results={data.results} label={i18n.t('sidepanel.search.matchingLabel', [query.trim()])} />
          )}
        </Results>
      ) : (
        <p className="muted empty-state" data-testid="search-start">
          {i18n.t('sidepanel.search.start')}
        </p>
      )}
    </section>
  );
}

/**
 * Products like one image: the whole of it, or a part a person marks with a box (drawn, or the
 * automatic centre region) before pressing "Find similar".
 */
function SimilarSearch({
  intent,
  filters,
  onDismiss,
}: {
  intent: PanelIntent;
  filters: ProductFilters;
  onDismiss: () => void;
}) {
  const [picking, setPicking] = useState(false);
  const [draft, setDraft] = useState<ImageRegion>(CENTRE_REGION);
  const [region, setRegion] = useState<ImageRegion>();
  const similar = useSimilarProducts(intent.image.url, intent.where ?? {}, filters, region);
  return (
    <>
      <div className="stack similar-to" data-testid="similar-to">
        <div className="row">
          <img
            src={intent.image.url}
            alt={intent.image.altText ?? ''}
            width={48}
            height={48}
            className="product-thumb"
          />
          <span className="grow">
            {region ? i18n.t('sidepanel.search.similarToPart') : i18n.t('sidepanel.search.similarTo')}
          </span>
          <button type="button" aria-expanded={picking} onClick={() => setPicking(!picking)}>
            {i18n.t('sidepanel.search.region.choose')}
          </button>
          <button type="button" onClick={onDismiss} aria-label={i18n.t('sidepanel.search.clearImage')}>
            ✕
          </button>
        </div>
        {picking && (
          <>
            <RegionPicker
              imageUrl={intent.image.url}
              alt={intent.image.altText ?? ''}
              region={draft}
              onChange={setDraft}
            />
            <div className="row wrap">
              <button type="button" className="primary" onClick={() => setRegion(draft)}>
                {i18n.t('sidepanel.search.region.find')}
              </button>
              <button type="button" onClick={() => setDraft(CENTRE_REGION)}>
                {i18n.t('sidepanel.search.region.centre')}
              </button>
              <button
                type="button"
                onClick={() => {
                  setRegion(undefined);
                  setPicking(false);
                }}
              >
                {i18n.t('sidepanel.search.region.whole')}
              </button>
            </div>
          </>
        )}
      </div>
      <Results query={similar} empty={i18n.t('sidepanel.search.similarEmpty')}>
        {(data) => <SimilarResults response={data.response} />}
      </Results>
      <WebSearch
        imageUrl={intent.image.url}
        where={intent.where}
        region={region}
        prominent={similar.data?.response.closeMatch === false}
      />
    </>
  );
}

type Answer = ProductSearchResponse | { response: ProductSearchResponse };

/** A search's states: pending, failed, empty, or its results (drawn by `children`). */
function Results<T extends Answer>({
  query,
  empty,
  children,
}: {
  query: UseQueryResult<T>;
  empty: string;
  children: (data: T) => ReactNode;
}) {
  if (query.isPending)
    return (
      <div
        className="product-results"
        aria-busy="true"
        aria-label={i18n.t('sidepanel.search.searching')}
        data-testid="search-pending"
      >
        {[0, 1, 2].map((n) => (
          <div key={n} className="card skeleton product-skeleton" />
        ))}
      </div>
    );
  if (query.isError)
    return (
      <ErrorNote
        what={i18n.t('sidepanel.search.failed')}
        error={query.error}
        onRetry={() => void query.refetch()}
        testId="search-error"
      />
    );
  const results = 'response' in query.data ? query.data.response.results : query.data.results;
  if (results.length === 0)
    return (
      <p className="muted empty-state" data-testid="search-empty">
        {empty}
      </p>
    );
  return (
    <div aria-busy={query.isFetching} className={query.isPlaceholderData ? 'stale' : undefined}>
      {children(query.data)}
    </div>
  );
}
