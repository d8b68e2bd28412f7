import { useState } from 'react';
import { ErrorNote } from '@/components/lib/Feedback';
import { Masonry } from '@/components/lib/Masonry';
import type { Pin, PinSearchResult } from '@/utils/contract';
import { PinCard, pinKey, pinSize } from './PinCard';
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

const resultKey = ({ pin }: PinSearchResult) => pinKey(pin);
const resultSize = ({ pin }: PinSearchResult) => pinSize(pin);

/**
 * The Boards view's search box: your saves by words (their text, and what their images show),
 * found pins in the shared masonry grid, best first; each opens in its own view, or opens its board.
 */
export function BoardSearch({
  searched,
  onSearch,
  onOpenPin,
  onOpenBoard,
}: {
  /** The words last searched for, kept by the Boards view so that a search outlives opening a result. */
  searched: string;
  onSearch: (words: string) => void;
  onOpenPin: (pin: Pin) => void;
  onOpenBoard: (pin: Pin) => void;
}) {
  const [typed, setTyped] = useState(searched);
  const search = usePinSearch(searched);
  const results = searched ? (search.data?.results ?? []) : [];

  return (
    <section className="stack" aria-label={i18n.t('pinSearch.label')}>
      <form
        className="row"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          onSearch(typed.trim());
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
            if (!event.target.value.trim()) onSearch('');
          }}
        />
        <button type="submit" disabled={!typed.trim()}>
          {i18n.t('pinSearch.submit')}
        </button>
      </form>
      {search.error && searched && (
        <ErrorNote what={i18n.t('pinSearch.failed')} error={search.error} onRetry={() => void search.refetch()} />
      )}
      {searched && search.isSuccess && results.length === 0 && (
        <p className="muted" data-testid="pin-search-none">
          {i18n.t('pinSearch.none', [searched])}
        </p>
      )}
      {results.length > 0 && (
        <Masonry
          items={results}
          itemKey={resultKey}
          imageSize={resultSize}
          label={i18n.t('pinSearch.results', [searched])}
          testId="pin-search-results"
          renderCard={({ item: { pin, matched }, picture, onNaturalSize }) => (
            <PinCard
              pin={pin}
              picture={picture}
              onNaturalSize={onNaturalSize}
              testId="pin-search-result"
              onOpen={() => onOpenPin(pin)}
              onOpenBoard={() => onOpenBoard(pin)}
              marks={
                <span className="tile-mark" data-testid="pin-search-matched">
                  {matchedText(matched)}
                </span>
              }
            />
          )}
        />
      )}
    </section>
  );
}
