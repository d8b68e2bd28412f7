import { discardSave, retrySave, useSaveQueue } from '@/components/use-save-queue';

/** Saves the backend has not acknowledged yet: waiting ones, and refused ones with retry and discard. */
export function PendingSaves() {
  const queue = useSaveQueue();
  const items = queue.data ?? [];
  if (items.length === 0) return null;
  const failed = items.filter((item) => item.state === 'failed');

  return (
    <section className="card stack" aria-labelledby="pending-heading" data-testid="pending-saves">
      <div className="row">
        <h2 id="pending-heading">
          {items.length} {items.length === 1 ? 'save' : 'saves'} waiting
          {failed.length > 0 && ` · ${failed.length} failed`}
        </h2>
        <button type="button" className="push-right" onClick={() => void retrySave()}>
          Retry all
        </button>
      </div>
      <ul className="pending-list" role="list">
        {items.map((item) => (
          <li key={item.id} className="row" data-state={item.state}>
            <img src={item.pin.imageUrl} alt="" width={40} height={40} />
            <span className="grow">
              to “{item.boardName}” · {item.state === 'failed' ? `failed: ${item.lastError}` : item.attempts > 0 ? `retrying (${item.lastError ?? 'backend unreachable'})` : 'sending…'}
            </span>
            {item.state === 'failed' && (
              <button type="button" onClick={() => void retrySave(item.id)}>
                Retry
              </button>
            )}
            <button type="button" onClick={() => void discardSave(item.id)} aria-label={`Discard the save of ${item.pin.imageUrl}`}>
              Discard
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
