import { useState } from 'react';
import { ErrorNote, LoadingGrid, NotConnectedNote, useNotConnected } from '@/components/lib/Feedback';
import { useBoards, useCreateBoard } from '@/components/lib/use-api';
import type { Board, Pin } from '@/utils/contract';
import { Masonry } from '@/components/lib/Masonry';
import { BoardSearch } from './BoardSearch';
import { BoardTabs } from './BoardTabs';
import { i18n } from '#i18n';

const boardKey = (board: Board) => board.id;
const noKnownSize = () => undefined;
/** The board's name and pin count under its cover. */
const BOARD_CAPTION_HEIGHT = 48;

/** Your boards as a grid of covers; pick one to see its pins. */
export function BoardsView() {
  const boards = useBoards();
  const createBoard = useCreateBoard();
  // The board open, and the pin open on it when a search result was opened.
  const [open, setOpen] = useState<{ board: Board; pin?: Pin } | null>(null);
  const [name, setName] = useState('');
  const [searched, setSearched] = useState('');
  const notConnected = useNotConnected();

  const boardOf = (pin: Pin) => boards.data?.find((board) => board.id === pin.boardId);
  const openPin = (pin: Pin, { inItsView }: { inItsView: boolean }) => {
    const board = boardOf(pin);
    if (board) setOpen({ board, ...(inItsView ? { pin } : {}) });
  };

  if (open) return <BoardTabs board={open.board} initialPin={open.pin} onBack={() => setOpen(null)} />;
  return (
    <section className="stack" aria-label={i18n.t('sidepanel.tabs.boards')}>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) createBoard.mutate(name.trim(), { onSuccess: () => setName('') });
        }}
      >
        <input
          aria-label={i18n.t('sidepanel.boards.newNameLabel')}
          placeholder={i18n.t('sidepanel.boards.newName')}
          value={name}
          onChange={(event) => setName(event.target.value)}
          className="grow"
        />
        <button type="submit" disabled={!name.trim() || createBoard.isPending}>
          {i18n.t('sidepanel.boards.create')}
        </button>
      </form>
      <BoardSearch
        searched={searched}
        onSearch={setSearched}
        onOpenPin={(pin) => openPin(pin, { inItsView: true })}
        onOpenBoard={(pin) => openPin(pin, { inItsView: false })}
      />
      {createBoard.error && <ErrorNote what={i18n.t('sidepanel.boards.createFailed')} error={createBoard.error} />}
      {notConnected && <NotConnectedNote toSee={i18n.t('sidepanel.boards.notConnectedToSee')} />}
      {boards.isPending && !notConnected && (
        <LoadingGrid kind="board" label={i18n.t('sidepanel.boards.loading')} testId="boards-loading" />
      )}
      {boards.error && (
        <ErrorNote
          what={i18n.t('sidepanel.boards.loadFailed')}
          error={boards.error}
          onRetry={() => void boards.refetch()}
          testId="boards-error"
        />
      )}
      {boards.data?.length === 0 && (
        <p className="muted empty-state" data-testid="boards-empty">
          {i18n.t('sidepanel.boards.empty')}
        </p>
      )}
      <Masonry
        items={boards.data ?? []}
        itemKey={boardKey}
        // A cover's size is learned when it loads (boards do not store it); until then the cover is square.
        imageSize={noKnownSize}
        footerHeight={BOARD_CAPTION_HEIGHT}
        label={i18n.t('sidepanel.boards.yours')}
        testId="board-grid"
        renderCard={({ item: board, picture, onNaturalSize }) => (
          <button type="button" className="board-card" onClick={() => setOpen({ board })} data-testid="board-card">
            {board.coverImageUrl ? (
              <img
                src={board.coverImageUrl}
                alt=""
                loading="lazy"
                style={{ height: picture.height }}
                onLoad={(event) =>
                  onNaturalSize({
                    width: event.currentTarget.naturalWidth,
                    height: event.currentTarget.naturalHeight,
                  })
                }
              />
            ) : (
              <span className="board-cover-empty" aria-hidden="true" style={{ height: picture.height }} />
            )}
            <span className="board-name">{board.name}</span>
            <span className="muted">{i18n.t('sidepanel.boards.pinCount', board.pinCount)}</span>
          </button>
        )}
      />
    </section>
  );
}
