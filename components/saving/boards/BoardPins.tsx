import { useCallback, useMemo, useState } from 'react';
import { ErrorNote, LoadingGrid } from '@/components/lib/Feedback';
import { Masonry, type MasonryFocusRequest } from '@/components/lib/Masonry';
import { useBoardPins, useDeleteBoard, useDeletePin, useRestorePin } from '@/components/lib/use-api';
import type { Board, Pin } from '@/utils/contract';
import { PinCard, pinKey, pinSize } from './PinCard';
import { PinView } from './PinView';
import { i18n } from '#i18n';

/**
 * A board's pins in the shared masonry grid (only what is on screen is in the
 * DOM); a pin opens in its own view (`initialPin` opens with it, e.g. from a
 * search). Deleting a pin offers Undo.
 */
export function BoardPins({ board, initialPin, onBack }: { board: Board; initialPin?: Pin; onBack: () => void }) {
  const pins = useBoardPins(board.id);
  const deleteBoard = useDeleteBoard();
  const deletePin = useDeletePin();
  const restorePin = useRestorePin();
  const [openPin, setOpenPin] = useState<Pin | null>(initialPin ?? null);
  const [deleted, setDeleted] = useState<Pin | null>(null);
  // Back from a pin's view, focus returns to its card (scrolled back into the DOM if need be).
  const [returnFocus, setReturnFocus] = useState<MasonryFocusRequest>();
  const items = useMemo(() => pins.data?.pages.flatMap((page) => page.items) ?? [], [pins.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = pins;
  const loadMore = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);

  const remove = (pin: Pin) => deletePin.mutate(pin.id, { onSuccess: () => setDeleted(pin) });

  if (openPin)
    return (
      <PinView
        key={openPin.id}
        pin={openPin}
        boardName={board.name}
        onBack={() => {
          setOpenPin(null);
          setReturnFocus({ key: openPin.id, selector: '[data-control="open"]', at: Date.now() });
        }}
        onDeleted={(pin) => {
          setOpenPin(null);
          setDeleted(pin);
        }}
        onOpenPin={setOpenPin}
      />
    );

  return (
    <section className="stack" aria-labelledby="board-heading">
      <div className="row">
        <button type="button" onClick={onBack} aria-label={i18n.t('sidepanel.board.back')}>
          ←
        </button>
        <h2 id="board-heading" className="grow">
          {board.name}
        </h2>
        <button
          type="button"
          onClick={() => {
            if (confirm(i18n.t('sidepanel.board.deleteConfirm', board.pinCount, [board.name, board.pinCount])))
              deleteBoard.mutate(board.id, { onSuccess: onBack });
          }}
        >
          {i18n.t('sidepanel.board.delete')}
        </button>
      </div>
      {deleteBoard.error && <ErrorNote what={i18n.t('sidepanel.board.deleteFailed')} error={deleteBoard.error} />}
      {deletePin.error && <ErrorNote what={i18n.t('sidepanel.pin.deleteFailed')} error={deletePin.error} />}
      {deleted && (
        <div className="row card undo-bar" role="status" data-testid="pin-deleted">
          <span className="grow">{i18n.t('sidepanel.pin.deleted')}</span>
          <button
            type="button"
            disabled={restorePin.isPending}
            onClick={() => restorePin.mutate(deleted, { onSuccess: () => setDeleted(null) })}
          >
            {i18n.t('sidepanel.pin.undo')}
          </button>
        </div>
      )}
      {restorePin.error && <ErrorNote what={i18n.t('sidepanel.pin.restoreFailed')} error={restorePin.error} />}
      {pins.isPending && <LoadingGrid kind="board" label={i18n.t('sidepanel.board.loading')} testId="pins-loading" />}
      {pins.error && (
        <ErrorNote
          what={i18n.t('sidepanel.board.loadFailed')}
          error={pins.error}
          onRetry={() => void pins.refetch()}
          testId="pins-error"
        />
      )}
      {pins.isSuccess && items.length === 0 && (
        <p className="muted empty-state" data-testid="pins-empty">
          {i18n.t('sidepanel.board.empty')}
        </p>
      )}
      <Masonry
        items={items}
        itemKey={pinKey}
        imageSize={pinSize}
        label={i18n.t('sidepanel.board.pinsLabel', [board.name])}
        testId="pin-grid"
        onEndReached={loadMore}
        focusRequest={returnFocus}
        renderCard={({ item: pin, picture, onNaturalSize }) => (
          <PinCard
            pin={pin}
            picture={picture}
            onNaturalSize={onNaturalSize}
            onOpen={() => setOpenPin(pin)}
            onDelete={() => remove(pin)}
          />
        )}
      />
    </section>
  );
}
