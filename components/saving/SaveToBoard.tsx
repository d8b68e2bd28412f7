import type { ImageToSave } from '@/utils/protocols/background-protocol';
import { BoardPicker } from './BoardPicker';
import { useSaveToBoard } from './use-save-queue';
import { i18n } from '#i18n';

/** A board picker that saves one image to the board picked, then says where it is going. */
export function SaveToBoard({ image }: { image: ImageToSave }) {
  const save = useSaveToBoard();
  return (
    <>
      {save.data ? (
        <p role="status" data-testid="save-confirmation">
          {i18n.t('saveToBoard.saving', [save.data.boardName])}
        </p>
      ) : (
        <BoardPicker
          disabled={save.isPending}
          onPick={(board) => save.mutate({ image, board: { id: board.id, name: board.name } })}
        />
      )}
      {save.error && <p role="alert">{i18n.t('saveToBoard.failed', [save.error.message])}</p>}
    </>
  );
}
