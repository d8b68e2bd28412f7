import type { ImageToSave } from '@/utils/protocols/background-protocol';
import { isDone } from '@/utils/saving/save-batches';
import { BoardPicker } from './BoardPicker';
import { useSaveBatch, useSaveMany } from './use-save-queue';
import { i18n } from '#i18n';

/**
 * Saves several images to the board picked, through the save queue (nothing
 * is lost if the backend is away), then follows the batch: how many pins are
 * new, and how many the board already had.
 */
export function SaveMany({ images }: { images: ImageToSave[] }) {
  const save = useSaveMany();
  const batch = useSaveBatch(save.data?.id);
  return (
    <>
      {save.data ? (
        <p
          role="status"
          data-testid="save-many-status"
          data-done={batch ? isDone(batch) : false}
          data-created={batch?.created ?? 0}
          data-already-saved={batch?.alreadySaved ?? 0}
        >
          {batch && isDone(batch)
            ? i18n.t('saveMany.done', batch.total, [batch.total, batch.boardName])
            : i18n.t('saveMany.saving', save.data.total, [save.data.total, save.data.boardName])}{' '}
          {batch && batch.created + batch.alreadySaved > 0 && (
            <span className="muted">{i18n.t('saveMany.tally', [batch.created, batch.alreadySaved])}</span>
          )}
        </p>
      ) : (
        <BoardPicker
          disabled={save.isPending}
          onPick={(board) => save.mutate({ images, board: { id: board.id, name: board.name } })}
        />
      )}
      {save.error && <p role="alert">{i18n.t('saveToBoard.failed', [save.error.message])}</p>}
    </>
  );
}
