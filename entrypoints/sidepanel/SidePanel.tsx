import { useState } from 'react';
import { ConnectionStatus } from '@/components/settings/ConnectionStatus';
import { BoardsView } from '../../components/saving/boards/BoardsView';
import { PendingSaves } from '../../components/saving/PendingSaves';
import { ProvenanceIntent } from '../../components/provenance/ProvenanceIntent';
import { SaveIntent } from '../../components/saving/SaveIntent';
import { SearchView } from '../../components/products/search/SearchView';
import { CapturedProductsQuestion } from '../../components/products/captured/CapturedProductsQuestion';
import { ThisPage } from '../../components/page-scan/ThisPage';
import { usePanelIntent } from './use-panel-intent';
import './sidepanel.css';
import { i18n } from '#i18n';

const views = [
  { id: 'page', label: () => i18n.t('sidepanel.tabs.thisPage') },
  { id: 'search', label: () => i18n.t('sidepanel.tabs.search') },
  { id: 'boards', label: () => i18n.t('sidepanel.tabs.boards') },
] as const;
type ViewId = (typeof views)[number]['id'];

export function SidePanel() {
  const [view, setView] = useState<ViewId>('page');
  // "Find similar" (on an image card or in the right-click menu) opens the Search view.
  const { intent: similar } = usePanelIntent('similar');
  const [shownIntent, setShownIntent] = useState<number>();
  if (similar && similar.createdAt !== shownIntent) {
    setShownIntent(similar.createdAt);
    setView('search');
  }
  return (
    <div className="sidepanel stack">
      <header className="stack">
        <h1>{i18n.t('extension.name')}</h1>
        <ConnectionStatus />
      </header>
      {/* One main landmark holds everything below the header: screen-reader users find all content in a landmark. */}
      <main className="stack">
        <CapturedProductsQuestion />
        <SaveIntent />
        <ProvenanceIntent />
        <PendingSaves />
        <div className="view-tabs" role="tablist" aria-label={i18n.t('sidepanel.tabs.label')}>
          {views.map((item) => (
            <button
              key={item.id}
              type="button"
              role="tab"
              id={`tab-${item.id}`}
              aria-selected={view === item.id}
              aria-controls={`view-${item.id}`}
              tabIndex={view === item.id ? 0 : -1}
              onClick={() => setView(item.id)}
              onKeyDown={(event) => {
                if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
                const next =
                  views[
                    (views.findIndex((v) => v.id === view) + (event.key === 'ArrowRight' ? 1 : views.length - 1)) %
                      views.length
                  ]!;
                setView(next.id);
                document.getElementById(`tab-${next.id}`)?.focus();
              }}
            >
              {item.label()}
            </button>
          ))}
        </div>
        <div id={`view-${view}`} role="tabpanel" aria-labelledby={`tab-${view}`}>
          {view === 'page' ? <ThisPage /> : view === 'search' ? <SearchView /> : <BoardsView />}
        </div>
      </main>
    </div>
  );
}
