import type { UseQueryResult } from '@tanstack/react-query';
import { useState } from 'react';
import { ErrorNote, NotConnectedNote, useNotConnected } from '@/components/Feedback';
import { ProductResults } from '@/components/products/ProductResults';
import { useProductSearch, useSimilarProducts } from '@/components/products/use-product-search';
import type { ProductFilters, ProductSearchResponse } from '@/utils/contract';
import { usePanelIntent } from '../use-panel-intent';
import { ProductFiltersForm } from './ProductFiltersForm';

/**
 * "Search": products like an image ("Find similar" on an image card or in the
 * right-click menu), or products matching words; both with filters.
 */
export function SearchView() {
  const { intent: similarTo, dismiss } = usePanelIntent('similar');
  const [draft, setDraft] = useState('');
  const [query, setQuery] = useState('');
  const [filters, setFilters] = useState<ProductFilters>({});
  const similar = useSimilarProducts(similarTo?.image.url, similarTo?.where ?? {}, filters);
  const search = useProductSearch(similarTo ? '' : query, filters);
  const notConnected = useNotConnected();

  return (
    <section className="stack" aria-labelledby="search-heading">
      <h2 id="search-heading" className="visually-hidden">
        Search products
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
        <input type="search" className="grow" aria-label="Search products" placeholder="Search products, e.g. linen shirt" value={draft} onChange={(event) => setDraft(event.target.value)} />
        <button type="submit">Search</button>
      </form>
      <ProductFiltersForm onApply={setFilters} />
      {notConnected && <NotConnectedNote toSee="products from your catalogue" />}
      {notConnected ? null : similarTo ? (
        <>
          <div className="row similar-to" data-testid="similar-to">
            <img src={similarTo.image.url} alt={similarTo.image.altText ?? ''} width={48} height={48} className="product-thumb" />
            <span className="grow">Products that look like this image</span>
            <button type="button" onClick={dismiss} aria-label="Clear the image">
              ✕
            </button>
          </div>
          <Results query={similar} label="Similar products" empty="No product in the catalogue looks like this image. Clear the filters, or import more products into your backend’s catalogue." />
        </>
      ) : query.trim() ? (
        <Results query={search} label={`Products matching “${query.trim()}”`} empty={`No products match “${query.trim()}”. Try other words, or clear the filters.`} />
      ) : (
        <p className="muted empty-state" data-testid="search-start">
          Type what you are looking for (a colour, a material, a kind of thing) and press Search, or press “Find similar” on an image in This page to find products that look like it.
        </p>
      )}
    </section>
  );
}

function Results({ query, label, empty }: { query: UseQueryResult<ProductSearchResponse | { response: ProductSearchResponse }>; label: string; empty: string }) {
  if (query.isPending) return <div className="product-results" aria-busy="true" aria-label="Searching…" data-testid="search-pending">{[0, 1, 2].map((n) => <div key={n} className="card skeleton product-skeleton" />)}</div>;
  if (query.isError) return <ErrorNote what="Couldn’t search" error={query.error} onRetry={() => void query.refetch()} testId="search-error" />;
  const results = 'response' in query.data ? query.data.response.results : query.data.results;
  if (results.length === 0)
    return (
      <p className="muted empty-state" data-testid="search-empty">
        {empty}
      </p>
    );
  return (
    <div aria-busy={query.isFetching} className={query.isPlaceholderData ? 'stale' : undefined}>
      <ProductResults results={results} label={label} />
    </div>
  );
}
