import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { ErrorNote } from '@/components/lib/Feedback';
import { useBoardPins, useBoards, useDeleteBoard, useDeletePin, useUpdatePin } from '@/components/lib/use-api';
import type { Board, Pin } from '@/utils/contract';
import { i18n } from '#i18n';

const LANES = 2;
const GAP = 8;

/** A board's pins in a virtualised two-column masonry grid: only what is on screen is in the DOM. */
export function BoardPins({ board, onBack }: { board: Board; onBack: () => void }) {
  const pins = useBoardPins(board.id);
  const deleteBoard = useDeleteBoard();
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(360);
  const items = pins.data?.pages.flatMap((page) => page.items) ?? [];
  const laneWidth = (width - GAP) / LANES;

  useEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(entry.contentRect.width));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const virtualizer = useVirtualizer({
    count: items.length,
    lanes: LANES,
    gap: GAP,
    overscan: 6,
    getScrollElement: () => scroller.current,
    estimateSize: (index) => {
      const pin = items[index];
      const ratio = pin?.width && pin.height ? pin.height / pin.width : 1;
      return Math.round(laneWidth * Math.min(Math.max(ratio, 0.5), 2)) + 64;
    },
  });
  const virtualItems = virtualizer.getVirtualItems();

  // Load the next page when the last loaded pin comes into view.
  const lastIndex = virtualItems.at(-1)?.index ?? -1;
  useEffect(() => {
    if (lastIndex >= items.length - 1 && pins.hasNextPage && !pins.isFetchingNextPage) void pins.fetchNextPage();
  }, [lastIndex, items.length, pins]);

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
      {pins.isPending && (
        <div
          className="board-grid"
          aria-busy="true"
          aria-label={i18n.t('sidepanel.board.loading')}
          data-testid="pins-loading"
        >
          {[0, 1, 2, 3].map((n) => (
            <div key={n} className="board-card skeleton" />
          ))}
        </div>
      )}
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
      <div ref={scroller} className="pin-scroller" data-testid="pin-grid">
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {virtualItems.map((row) => {
            const pin = items[row.index]!;
            return (
              <div
                key={pin.id}
                ref={virtualizer.measureElement}
                data-index={row.index}
                style={{
                  position: 'absolute',
                  top: 0,
                  left: row.lane * (laneWidth + GAP),
                  width: laneWidth,
                  transform: `translateY(${row.start}px)`,
                }}
              >
                <PinCard pin={pin} />
              </div>
            );
          })}
        </div>
      </div>
    </section>
  );
}

function PinCard({ pin }: { pin: Pin }) {
  const boards = useBoards();
  const updatePin = useUpdatePin();
  const deletePin = useDeletePin();
  const [editing, setEditing] = useState(false);
  const [note, setNote] = useState(pin.note);

  return (
    <article className="pin-card" data-testid="pin-card" data-image-url={pin.imageUrl}>
      <img src={pin.imageUrl} alt={pin.altText ?? ''} loading="lazy" />
      {pin.note && !editing && <p className="pin-note">{pin.note}</p>}
      {editing && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            updatePin.mutate({ pinId: pin.id, change: { note } }, { onSuccess: () => setEditing(false) });
          }}
        >
          <input
            aria-label={i18n.t('sidepanel.pin.note')}
            value={note}
            onChange={(event) => setNote(event.target.value)}
          />
        </form>
      )}
      <div className="pin-actions row">
        {pin.sourceUrl && (
          <a href={pin.sourceUrl} target="_blank" rel="noreferrer noopener" title={pin.sourceTitle ?? pin.sourceUrl}>
            {i18n.t('sidepanel.pin.source')}
          </a>
        )}
        <button type="button" onClick={() => setEditing((value) => !value)}>
          {i18n.t('sidepanel.pin.note')}
        </button>
        <select
          aria-label={i18n.t('sidepanel.pin.moveLabel')}
          value=""
          onChange={(event) =>
            event.target.value && updatePin.mutate({ pinId: pin.id, change: { boardId: event.target.value } })
          }
        >
          <option value="">{i18n.t('sidepanel.pin.move')}</option>
          {boards.data
            ?.filter((board) => board.id !== pin.boardId)
            .map((board) => (
              <option key={board.id} value={board.id}>
                {board.name}
              </option>
            ))}
        </select>
        <button type="button" onClick={() => deletePin.mutate(pin.id)} aria-label={i18n.t('sidepanel.pin.deleteLabel')}>
          {i18n.t('sidepanel.pin.delete')}
        </button>
      </div>
      {(updatePin.error ?? deletePin.error) && <p role="alert">{(updatePin.error ?? deletePin.error)?.message}</p>}
    </article>
  );
}
