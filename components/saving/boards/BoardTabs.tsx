import { useState } from 'react';
import type { Board, Pin } from '@/utils/contract';
import { BoardPins } from './BoardPins';
import { ShopThisBoard } from './ShopThisBoard';
import { i18n } from '#i18n';

const TABS = [
  { id: 'pins', label: () => i18n.t('shopBoard.pins') },
  { id: 'shop', label: () => i18n.t('shopBoard.shop') },
] as const;
type Tab = (typeof TABS)[number]['id'];

/**
 * A board's two views: its pins (`initialPin` open in its own view), and "shop this board".
 * Arrow keys move between the tabs.
 */
export function BoardTabs({ board, initialPin, onBack }: { board: Board; initialPin?: Pin; onBack: () => void }) {
  const [tab, setTab] = useState<Tab>('pins');
  return (
    <div className="stack">
      <div className="view-tabs" role="tablist" aria-label={i18n.t('shopBoard.tabs')}>
        {TABS.map((item, index) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`board-tab-${item.id}`}
            aria-selected={tab === item.id}
            aria-controls={`board-view-${item.id}`}
            tabIndex={tab === item.id ? 0 : -1}
            onClick={() => setTab(item.id)}
            onKeyDown={(event) => {
              if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
              const next = TABS[(index + (event.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length]!;
              setTab(next.id);
              document.getElementById(`board-tab-${next.id}`)?.focus();
            }}
          >
            {item.label()}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`board-view-${tab}`} aria-labelledby={`board-tab-${tab}`}>
        {tab === 'pins' ? (
          <BoardPins board={board} initialPin={initialPin} onBack={onBack} />
        ) : (
          <section className="stack" aria-label={board.name}>
            <div className="row">
              <button type="button" onClick={onBack} aria-label={i18n.t('sidepanel.board.back')}>
                ←
              </button>
              <h2 className="grow">{board.name}</h2>
            </div>
            <ShopThisBoard board={board} />
          </section>
        )}
      </div>
    </div>
  );
}
