import { useId, useState } from 'react';
import type { Board } from '@/utils/contract';
import { useBoards, useCreateBoard } from '../lib/use-api';
import { i18n } from '#i18n';

/**
 * Choose a board, or make one on the spot: type to filter, Enter picks the
 * first match, and a name no board has offers "Create board".
 */
export function BoardPicker({
  onPick,
  disabled = false,
}: {
  onPick: (board: Pick<Board, 'id' | 'name'>) => void;
  disabled?: boolean;
}) {
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
        {i18n.t('boardPicker.board')}
        <input
          id={searchId}
          type="search"
          placeholder={i18n.t('boardPicker.placeholder')}
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
      {boards.isPending && <p aria-busy="true">{i18n.t('boardPicker.loading')}</p>}
      {boards.error && <p role="alert">{i18n.t('boardPicker.loadFailed', [boards.error.message])}</p>}
      <ul className="board-options" role="list" aria-label={i18n.t('boardPicker.boards')}>
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
          {i18n.t('boardPicker.create', [query.trim()])}
        </button>
      )}
      {createBoard.error && <p role="alert">{i18n.t('boardPicker.createFailed', [createBoard.error.message])}</p>}
      {!boards.isPending && !boards.error && (boards.data?.length ?? 0) === 0 && !needle && (
        <p className="muted">{i18n.t('boardPicker.none')}</p>
      )}
    </div>
  );
}
