import { useState } from 'react';
import { ErrorNote, NotConnectedNote, useNotConnected } from '@/components/Feedback';
import { useBoards, useCreateBoard } from '@/components/use-api';
import type { Board } from '@/utils/contract';
import { BoardPins } from './BoardPins';

/** Your boards as a grid of covers; pick one to see its pins. */
export function BoardsView() {
  const boards = useBoards();
  const createBoard = useCreateBoard();
  const [open, setOpen] = useState<Board | null>(null);
  const [name, setName] = useState('');
  const notConnected = useNotConnected();

  if (open) return <BoardPins board={open} onBack={() => setOpen(null)} />;
  return (
    <section className="stack" aria-label="Boards">
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          if (name.trim()) createBoard.mutate(name.trim(), { onSuccess: () => setName('') });
        }}
      >
        <input aria-label="New board name" placeholder="New board" value={name} onChange={(event) => setName(event.target.value)} className="grow" />
        <button type="submit" disabled={!name.trim() || createBoard.isPending}>
          Create
        </button>
      </form>
      {createBoard.error && <ErrorNote what="Couldn’t create the board" error={createBoard.error} />}
      {notConnected && <NotConnectedNote toSee="your boards" />}
      {boards.isPending && !notConnected && (
        <div className="board-grid" aria-busy="true" aria-label="Loading your boards" data-testid="boards-loading">
          {[0, 1, 2, 3].map((n) => <div key={n} className="board-card skeleton" />)}
        </div>
      )}
      {boards.error && <ErrorNote what="Couldn’t load your boards" error={boards.error} onRetry={() => void boards.refetch()} testId="boards-error" />}
      {boards.data?.length === 0 && (
        <p className="muted empty-state" data-testid="boards-empty">
          No boards yet. Save an image (point at it and press Save, or right-click it), or name a board above and press Create.
        </p>
      )}
      <ul className="board-grid" role="list" aria-label="Your boards">
        {boards.data?.map((board) => (
          <li key={board.id}>
            <button type="button" className="board-card" onClick={() => setOpen(board)} data-testid="board-card">
              {board.coverImageUrl ? <img src={board.coverImageUrl} alt="" loading="lazy" /> : <span className="board-cover-empty" aria-hidden="true" />}
              <span className="board-name">{board.name}</span>
              <span className="muted">
                {board.pinCount} {board.pinCount === 1 ? 'pin' : 'pins'}
              </span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
