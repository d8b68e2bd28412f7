import { SaveToBoard } from '@/components/saving/SaveToBoard';
import { usePanelIntent } from '../../entrypoints/sidepanel/use-panel-intent';
import { i18n } from '#i18n';

/** "Save to board…" from the right-click menu: the image it was about, and a board picker. */
export function SaveIntent() {
  const { intent, dismiss } = usePanelIntent('save');
  if (!intent) return null;

  return (
    <section className="card stack" aria-labelledby="save-intent-heading" data-testid="save-intent">
      <div className="row">
        <h2 id="save-intent-heading">{i18n.t('sidepanel.saveIntent.heading')}</h2>
        <button type="button" className="push-right" onClick={dismiss} aria-label={i18n.t('common.close')}>
          ✕
        </button>
      </div>
      <img className="intent-image" src={intent.image.url} alt={intent.image.altText ?? ''} />
      {/* A new intent (another right-click) starts a new save. */}
      <SaveToBoard
        key={intent.createdAt}
        image={{
          imageUrl: intent.image.url,
          pageUrl: intent.image.pageUrl,
          pageTitle: intent.image.pageTitle,
          altText: intent.image.altText,
        }}
      />
    </section>
  );
}
