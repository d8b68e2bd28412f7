import { useState } from 'react';
import { ErrorNote } from '@/components/lib/Feedback';
import type { PinSearchResult } from '@/utils/contract';
import { usePinSearch } from './use-pin-search';
import { i18n } from '#i18n';

const MATCHED_TEXT = {
  text: i18n.t('pinSearch.matched.text'),
  meaning: i18n.t('pinSearch.matched.meaning'),
  both: i18n.t('pinSearch.matched.both'),
};

/** How a pin matched, in words: by its text, by what its image shows, or both. */
const matchedText = (matched: PinSearchResult['matched'] = []) =>
  matched.length > 1 ? MATCHED_TEXT.both : matched[0] ? MATCHED_TEXT[matched[0]] : '';

/** What a pin is called: its product, its page, its note, or its alt text. */
const pinTitle = ({ pin }: PinSearchResult) =>
  pin.product?.name || pin.sourceTitle || pin.note || pin.altText || new URL(pin.imageUrl).hostname;

/** The Boards view's search box: your saves by words (their text, and what their images show). */
export function BoardSearch({ onOpenBoard }: { onOpenBoard?: (boardId: string) => void }) {
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  const search = usePinSearch(query);
  const results = query ? (search.data?.results ?? []) : [];

  return (
    <section className="stack" aria-label={i18n.t('pinSearch.label')}>
      <form
        className="row"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setQuery(typed.trim());
        }}
      >
        <input
          type="search"
          className="grow"
          aria-label={i18n.t('pinSearch.label')}
          placeholder={i18n.t('pinSearch.placeholder')}
          value={typed}
          maxLength={500}
          onChange={(event) => {
            setTyped(event.target.value);
            if (!event.target.value.trim()) setQuery('');
          }}
        />
        <button type="submit" disabled={!typed.trim()}>
          {i18n.t('pinSearch.submit')}
        </button>
      </form>
      {search.error && query && (
        <ErrorNote what={i18n.t('pinSearch.failed')} error={search.error} onRetry={() => void search.refetch()} />
      )}
      {query && search.isSuccess && results.length === 0 && (
        <p className="muted" data-testid="pin-search-none">
          {i18n.t('pinSearch.none', [query])}
        </p>
      )}
      {results.length > 0 && (
        <ol className="product-results" aria-label={i18n.t('pinSearch.results', [query])}>
          {results.map((result) => (
            <li
              key={result.pin.id}
              className="card row product-row"
              data-testid="pin-search-result"
              data-pin-id={result.pin.id}
            >
              <img
                src={result.pin.imageUrl}
                alt={result.pin.altText ?? ''}
                width={72}
                height={72}
                className="product-thumb"
              />
              <div className="grow stack tight">
                <strong>{pinTitle(result)}</strong>
                <span className="muted" data-testid="pin-search-matched">
                  {matchedText(result.matched)}
                </span>
                {onOpenBoard && (
                  <button type="button" onClick={() => onOpenBoard(result.pin.boardId)}>
                    {i18n.t('pinSearch.openBoard')}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
