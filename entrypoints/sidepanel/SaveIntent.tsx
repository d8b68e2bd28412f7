import { useEffect, useState } from 'react';
import { BoardPicker } from '@/components/BoardPicker';
import { useSaveToBoard } from '@/components/use-save-queue';
import { type PanelIntent, panelIntentItem } from '@/utils/settings/panel-intent';

/** "Save to board…" from the right-click menu: the image it was about, and a board picker. */
export function SaveIntent() {
  const [intent, setIntent] = useState<PanelIntent | null>(null);
  const save = useSaveToBoard();

  useEffect(() => {
    void panelIntentItem.getValue().then(setIntent);
    return panelIntentItem.watch(setIntent);
  }, []);

  if (!intent || intent.view !== 'save') return null;
  const dismiss = () => {
    save.reset();
    void panelIntentItem.setValue(null);
  };

  return (
    <section className="card stack" aria-labelledby="save-intent-heading" data-testid="save-intent">
      <div className="row">
        <h2 id="save-intent-heading">Save image</h2>
        <button type="button" className="push-right" onClick={dismiss} aria-label="Close">
          ✕
        </button>
      </div>
      <img className="intent-image" src={intent.image.url} alt={intent.image.altText ?? ''} />
      {save.data ? (
        <p role="status" data-testid="save-confirmation">
          Saving to “{save.data.boardName}”.
        </p>
      ) : (
        <BoardPicker
          disabled={save.isPending}
          onPick={(board) =>
            save.mutate({
              image: { imageUrl: intent.image.url, pageUrl: intent.image.pageUrl, pageTitle: intent.image.pageTitle, altText: intent.image.altText },
              board: { id: board.id, name: board.name },
            })
          }
        />
      )}
      {save.error && <p role="alert">Couldn’t save: {save.error.message}</p>}
    </section>
  );
}
