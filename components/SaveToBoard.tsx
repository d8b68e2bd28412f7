import type { ImageToSave } from '@/utils/messaging/background-protocol';
import { BoardPicker } from './BoardPicker';
import { useSaveToBoard } from './use-save-queue';

/** A board picker that saves one image to the board picked, then says where it is going. */
export function SaveToBoard({ image }: { image: ImageToSave }) {
  const save = useSaveToBoard();
  return (
    <>
      {save.data ? (
        <p role="status" data-testid="save-confirmation">
          Saving to “{save.data.boardName}”.
        </p>
      ) : (
        <BoardPicker disabled={save.isPending} onPick={(board) => save.mutate({ image, board: { id: board.id, name: board.name } })} />
      )}
      {save.error && <p role="alert">Couldn’t save: {save.error.message}</p>}
    </>
  );
}
