import { useEffect, useId, useRef, useState } from 'react';
import { ErrorNote } from '@/components/lib/Feedback';
import { useBoards, useDeletePin, useUpdatePin } from '@/components/lib/use-api';
import { ProductResults, formatPrice } from '@/components/products/ProductResults';
import { useSimilarProducts } from '@/components/products/use-product-search';
import { ProvenanceBadge } from '@/components/provenance/ProvenanceBadge';
import { ProvenanceDetails } from '@/components/provenance/ProvenanceDetails';
import { useProvenance } from '@/components/provenance/use-provenance';
import type { CapturedProduct, Pin } from '@/utils/contract';
import { pinName } from './PinCard';
import { MoreLikeThis } from './MoreLikeThis';
import { i18n } from '#i18n';

const hostOf = (url: string) => {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return url;
  }
};

/**
 * One pin, on its own: the large picture and the page it came from, the
 * product it shows, where the image comes from (badge and evidence), its note
 * and tags (edited in place), products and pins like it; move it or delete it.
 */
export function PinView({
  pin: initial,
  boardName,
  onBack,
  onDeleted,
  onOpenPin,
}: {
  pin: Pin;
  boardName: string;
  onBack: () => void;
  onDeleted: (pin: Pin) => void;
  /** Open another pin in this view ("More like this"). */
  onOpenPin: (pin: Pin) => void;
}) {
  const [pin, setPin] = useState(initial);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [initial.id]);
  const deletePin = useDeletePin();
  const name = pinName(pin);

  return (
    <article
      className="stack pin-view"
      aria-labelledby="pin-heading"
      data-testid="pin-view"
      data-pin-id={pin.id}
      onKeyDown={(event) => event.key === 'Escape' && !event.defaultPrevented && onBack()}
    >
      <div className="row">
        <button type="button" onClick={onBack} aria-label={i18n.t('sidepanel.pin.backLabel', [boardName])}>
          ←
        </button>
        <h2 id="pin-heading" className="grow" tabIndex={-1} ref={heading}>
          {name}
        </h2>
      </div>
      <img
        className="pin-view-picture"
        src={pin.imageUrl}
        alt={pin.altText ?? ''}
        width={pin.width ?? undefined}
        height={pin.height ?? undefined}
      />
      {pin.sourceUrl && (
        <a href={pin.sourceUrl} target="_blank" rel="noreferrer noopener" data-testid="pin-source">
          {i18n.t('sidepanel.pin.sourceLink', [pin.sourceTitle || hostOf(pin.sourceUrl)])}
        </a>
      )}
      {pin.product && <PinProduct product={pin.product} />}
      <PinProvenance pin={pin} />
      <PinNotes pin={pin} onSaved={setPin} />
      <MovePin pin={pin} onMoved={setPin} />
      <div className="row">
        <button
          type="button"
          data-testid="pin-delete"
          disabled={deletePin.isPending}
          onClick={() => deletePin.mutate(pin.id, { onSuccess: () => onDeleted(pin) })}
        >
          {i18n.t('sidepanel.pin.delete')}
        </button>
      </div>
      {deletePin.error && <ErrorNote what={i18n.t('sidepanel.pin.deleteFailed')} error={deletePin.error} />}
      <SimilarProducts pin={pin} />
      <MoreLikeThis pin={pin} onOpen={onOpenPin} />
    </article>
  );
}

function PinProduct({ product }: { product: CapturedProduct }) {
  return (
    <section className="card stack tight" aria-label={i18n.t('sidepanel.pin.product')} data-testid="pin-product">
      <strong>{product.name}</strong>
      <span className="row wrap">
        {product.price && product.currency && (
          <span data-testid="pin-price">{formatPrice(product.price, product.currency)}</span>
        )}
        {product.brand && <span className="muted">{product.brand}</span>}
        {product.url && (
          <a href={product.url} target="_blank" rel="noreferrer noopener" data-testid="pin-shop">
            {i18n.t('sidepanel.pin.shopLink', [hostOf(product.url)])}
          </a>
        )}
      </span>
    </section>
  );
}

/** The badge, checked live (the pin stores the verdict it was saved with), and the evidence on demand. */
function PinProvenance({ pin }: { pin: Pin }) {
  const check = useProvenance(pin.imageUrl);
  const [open, setOpen] = useState(false);
  return (
    <section className="row wrap" aria-label={i18n.t('sidepanel.pin.provenance')}>
      <ProvenanceBadge check={check} onOpen={() => setOpen(true)} />
      {open && (
        <ProvenanceDetails
          imageUrl={pin.imageUrl}
          altText={pin.altText ?? undefined}
          check={check}
          onClose={() => setOpen(false)}
        />
      )}
    </section>
  );
}

const parseTags = (text: string) => [
  ...new Set(
    text
      .split(',')
      .map((tag) => tag.trim())
      .filter(Boolean),
  ),
];

/** Note and tags, edited where they are shown: Save appears once something changed. */
function PinNotes({ pin, onSaved }: { pin: Pin; onSaved: (pin: Pin) => void }) {
  const update = useUpdatePin();
  const [note, setNote] = useState(pin.note);
  const [tags, setTags] = useState(pin.tags.join(', '));
  const noteId = useId();
  const tagsId = useId();
  const changed = note !== pin.note || parseTags(tags).join(',') !== pin.tags.join(',');
  return (
    <form
      className="stack"
      data-testid="pin-notes"
      onSubmit={(event) => {
        event.preventDefault();
        update.mutate({ pinId: pin.id, change: { note, tags: parseTags(tags) } }, { onSuccess: onSaved });
      }}
    >
      <label htmlFor={noteId}>
        {i18n.t('sidepanel.pin.note')}
        <textarea
          id={noteId}
          rows={3}
          value={note}
          maxLength={2000}
          onChange={(event) => setNote(event.target.value)}
        />
      </label>
      <label htmlFor={tagsId}>
        {i18n.t('sidepanel.pin.tags')}
        <input
          id={tagsId}
          value={tags}
          placeholder={i18n.t('sidepanel.pin.tagsPlaceholder')}
          onChange={(event) => setTags(event.target.value)}
        />
      </label>
      {(changed || update.isPending) && (
        <button type="submit" className="primary" disabled={update.isPending}>
          {i18n.t('sidepanel.pin.saveNotes')}
        </button>
      )}
      {update.isSuccess && !changed && (
        <p role="status" className="muted" data-testid="pin-notes-saved">
          {i18n.t('sidepanel.pin.notesSaved')}
        </p>
      )}
      {update.error && <ErrorNote what={i18n.t('sidepanel.pin.saveFailed')} error={update.error} />}
    </form>
  );
}

function MovePin({ pin, onMoved }: { pin: Pin; onMoved: (pin: Pin) => void }) {
  const boards = useBoards();
  const update = useUpdatePin();
  const [target, setTarget] = useState('');
  const selectId = useId();
  const current = boards.data?.find((board) => board.id === pin.boardId);
  return (
    <form
      className="row wrap"
      data-testid="pin-move"
      onSubmit={(event) => {
        event.preventDefault();
        if (target)
          update.mutate(
            { pinId: pin.id, change: { boardId: target } },
            {
              onSuccess: (moved) => {
                setTarget('');
                onMoved(moved);
              },
            },
          );
      }}
    >
      <label htmlFor={selectId} className="grow">
        {i18n.t('sidepanel.pin.moveLabel')}
        <select id={selectId} value={target} onChange={(event) => setTarget(event.target.value)}>
          <option value="">{current ? i18n.t('sidepanel.pin.onBoard', [current.name]) : '—'}</option>
          {boards.data
            ?.filter((board) => board.id !== pin.boardId)
            .map((board) => (
              <option key={board.id} value={board.id}>
                {board.name}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" disabled={!target || update.isPending}>
        {i18n.t('sidepanel.pin.move')}
      </button>
      {update.isSuccess && current && (
        <p role="status" className="muted" data-testid="pin-moved">
          {i18n.t('sidepanel.pin.movedTo', [current.name])}
        </p>
      )}
      {update.error && <ErrorNote what={i18n.t('sidepanel.pin.moveFailed')} error={update.error} />}
    </form>
  );
}

/** Products that look like the pin (the catalogue's similar search), asked for on demand: it runs the model. */
function SimilarProducts({ pin }: { pin: Pin }) {
  const [shown, setShown] = useState(false);
  const similar = useSimilarProducts(shown ? pin.imageUrl : undefined, {}, {});
  return (
    <section className="stack" aria-labelledby="pin-similar-heading">
      <h3 id="pin-similar-heading">{i18n.t('sidepanel.pin.similarProducts')}</h3>
      {!shown && (
        <button type="button" onClick={() => setShown(true)}>
          {i18n.t('sidepanel.pin.showSimilar')}
        </button>
      )}
      {shown && similar.isPending && <p aria-busy="true">{i18n.t('sidepanel.search.searching')}</p>}
      {similar.error && (
        <ErrorNote
          what={i18n.t('sidepanel.search.failed')}
          error={similar.error}
          onRetry={() => void similar.refetch()}
        />
      )}
      {similar.data &&
        (similar.data.response.results.length > 0 ? (
          <ProductResults results={similar.data.response.results} label={i18n.t('sidepanel.pin.similarProducts')} />
        ) : (
          <p className="muted">{i18n.t('sidepanel.search.similarEmpty')}</p>
        ))}
    </section>
  );
}
