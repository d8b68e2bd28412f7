import { useId, useState } from 'react';
import type { Board } from '@/utils/contract';
import { useBoards, useCreateBoard } from './use-api';

/**
 * Choose a board, or make one on the spot: type to filter, Enter picks the
 * first match, and a name no board has offers "Create board".
 */
export function BoardPicker({ onPick, disabled = false }: { onPick: (board: Pick<Board, 'id' | 'name'>) => void; disabled?: boolean }) {
  const boards = useBoards();
  const createBoard = useCreateBoard();
  const [query, setQuery] = useState('');
  const searchId = useId();

  const needle = query.trim().toLowerCase();
  const matches = (boards.data ?? []).filter((board) => board.name.toLowerCase().includes(needle));
  const exact = matches.some((board) => board.name.toLowerCase() === needle);

  const create = () =>
    createBoard.mutate(query.trim(), {
      onSuccess: (board) => {
        setQuery('');
        onPick(board);
      },
    });

  return (
    <div className="stack board-picker" data-testid="board-picker">
      <label htmlFor={searchId}>
        Board
        <input
          id={searchId}
          type="search"
          placeholder="Search or name a new board"
          value={query}
          autoComplete="off"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== 'Enter') return;
            event.preventDefault();
            if (matches[0] && (exact || !needle)) onPick(matches[0]);
            else if (needle) create();
          }}
        />
      </label>
      {boards.isPending && <p aria-busy="true">Loading boards…</p>}
      {boards.error && <p role="alert">Couldn’t load your boards: {boards.error.message}</p>}
      <ul className="board-options" role="list" aria-label="Boards">
        {matches.map((board) => (
          <li key={board.id}>
            <button type="button" disabled={disabled} onClick={() => onPick(board)}>
              {board.name} <span className="muted">· {board.pinCount}</span>
            </button>
          </li>
        ))}
      </ul>
      {needle && !exact && (
        <button type="button" className="primary" disabled={disabled || createBoard.isPending} onClick={create}>
          Create board “{query.trim()}”
        </button>
      )}
      {createBoard.error && <p role="alert">Couldn’t create the board: {createBoard.error.message}</p>}
      {!boards.isPending && !boards.error && (boards.data?.length ?? 0) === 0 && !needle && <p className="muted">No boards yet: type a name to create your first.</p>}
    </div>
  );
}
