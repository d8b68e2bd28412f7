import { discardSave, retrySave, useSaveQueue } from '@/components/saving/use-save-queue';
import { i18n } from '#i18n';

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
          {i18n.t('sidepanel.pending.waiting', items.length)}
          {failed.length > 0 && i18n.t('sidepanel.pending.failedCount', [failed.length])}
        </h2>
        <button type="button" className="push-right" onClick={() => void retrySave()}>
          {i18n.t('sidepanel.pending.retryAll')}
        </button>
      </div>
      <ul className="pending-list" role="list">
        {items.map((item) => (
          <li key={item.id} className="row" data-state={item.state}>
            <img src={item.pin.imageUrl} alt="" width={40} height={40} />
            <span className="grow">
              {i18n.t('sidepanel.pending.item', [
                item.boardName,
                item.state === 'failed'
                  ? i18n.t('sidepanel.pending.failed', [item.lastError ?? ''])
                  : item.attempts > 0
                    ? i18n.t('sidepanel.pending.retrying', [item.lastError ?? i18n.t('sidepanel.pending.unreachable')])
                    : i18n.t('sidepanel.pending.sending'),
              ])}
            </span>
            {item.state === 'failed' && (
              <button type="button" onClick={() => void retrySave(item.id)}>
                {i18n.t('sidepanel.pending.retry')}
              </button>
            )}
            <button
              type="button"
              onClick={() => void discardSave(item.id)}
              aria-label={i18n.t('sidepanel.pending.discardLabel', [item.pin.imageUrl])}
            >
              {i18n.t('sidepanel.pending.discard')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
