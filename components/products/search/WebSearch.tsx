import { useId, useState } from 'react';
import { useStoredValue } from '@/components/lib/use-stored-value';
import type { ImageRegion } from '@/utils/contract';
import type { ImageLocation } from '@/utils/lib/image-bytes/read-image-bytes';
import { sendToBackground } from '@/utils/protocols';
import { webSearchEngines, webSearchItem } from '@/utils/settings/preferences';
import type { WebSearchEngine } from '@/utils/web-search/engines';
import { i18n } from '#i18n';

type Progress =
  | { state: 'opening' | 'address' | 'uploaded' | 'uploaded-part' | 'not-filled'; engine: string }
  | { state: 'failed'; engine: string; error: string };

/**
 * "Search the web" for the image the Search view is about: one button per engine that is on. The
 * image goes nowhere until a button is pressed; then the engine opens in a new tab with the image's
 * address, or (for an image only the browser can see) with the image itself on its upload page.
 * With a part of the image in the box (`region`), that part goes, cut out, as a file of its own.
 * Offered up front when the catalogue has nothing close, folded away otherwise.
 */
export function WebSearch({
  imageUrl,
  where = {},
  region,
  prominent,
}: {
  imageUrl: string;
  where?: ImageLocation;
  region?: ImageRegion;
  prominent: boolean;
}) {
  const headingId = useId();
  const [settings] = useStoredValue(webSearchItem);
  const [progress, setProgress] = useState<Progress>();
  if (!settings) return null;
  const engines = webSearchEngines(settings).filter((engine) => engine.on);

  async function search(engine: WebSearchEngine) {
    setProgress({ state: 'opening', engine: engine.name });
    try {
      const outcome = await sendToBackground('web/search', { engineId: engine.id, imageUrl, where, region });
      const uploaded = region ? 'uploaded-part' : 'uploaded';
      const state = outcome.how === 'address' ? 'address' : outcome.filled ? uploaded : 'not-filled';
      setProgress({ state, engine: engine.name });
    } catch (error) {
      setProgress({ state: 'failed', engine: engine.name, error: error instanceof Error ? error.message : '' });
    }
  }

  const body = (
    <>
      <p className="muted">
        {region ? i18n.t('sidepanel.search.web.whatLeavesPart') : i18n.t('sidepanel.search.web.whatLeaves')}
      </p>
      {engines.length === 0 ? (
        <p className="muted">{i18n.t('sidepanel.search.web.noEngines')}</p>
      ) : (
        <div className="row wrap" role="group" aria-label={i18n.t('sidepanel.search.web.heading')}>
          {engines.map((engine) => (
            <button
              key={engine.id}
              type="button"
              className={prominent ? 'primary' : undefined}
              disabled={progress?.state === 'opening'}
              aria-label={
                region
                  ? i18n.t('sidepanel.search.web.engineLabelPart', [engine.name])
                  : i18n.t('sidepanel.search.web.engineLabel', [engine.name])
              }
              onClick={() => void search(engine)}
            >
              {engine.name}
            </button>
          ))}
        </div>
      )}
      {progress && <ProgressNote progress={progress} />}
    </>
  );
  return prominent ? (
    <section className="stack web-search" data-testid="web-search" data-prominent="true" aria-labelledby={headingId}>
      <h3 id={headingId}>{i18n.t('sidepanel.search.web.nothingClose')}</h3>
      {body}
    </section>
  ) : (
    <details className="stack web-search" data-testid="web-search" data-prominent="false">
      <summary>{i18n.t('sidepanel.search.web.heading')}</summary>
      {body}
    </details>
  );
}

const WORDS: Record<Exclude<Progress['state'], 'failed'>, (engine: string) => string> = {
  opening: (engine) => i18n.t('sidepanel.search.web.opening', [engine]),
  address: (engine) => i18n.t('sidepanel.search.web.openedByUrl', [engine]),
  uploaded: (engine) => i18n.t('sidepanel.search.web.uploaded', [engine]),
  'uploaded-part': (engine) => i18n.t('sidepanel.search.web.uploadedPart', [engine]),
  'not-filled': (engine) => i18n.t('sidepanel.search.web.notFilled', [engine]),
};

function ProgressNote({ progress }: { progress: Progress }) {
  if (progress.state === 'failed')
    return (
      <p className="error-note" role="alert" data-testid="web-search-progress">
        {i18n.t('feedback.error', [i18n.t('sidepanel.search.web.failed', [progress.engine]), progress.error])}
      </p>
    );
  return (
    <p className="muted" role="status" data-testid="web-search-progress" data-state={progress.state}>
      {WORDS[progress.state](progress.engine)}
    </p>
  );
}
