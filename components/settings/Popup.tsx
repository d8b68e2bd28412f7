import { useQuery } from '@tanstack/react-query';
import { browser } from 'wxt/browser';
import { useTargetTab } from '@/components/lib/use-target-tab';
import { openSidePanel } from '@/utils/lib/platform/side-panel';
import { AppearanceSection } from './AppearanceSection';
import { BlockedSites } from './BlockedSites';
import { ConnectionSection } from './ConnectionSection';
import { PageSettings } from './PageSettings';
import { WebSearchSection } from './WebSearchSection';
import { i18n } from '#i18n';

/** The host of the tab the popup was opened over (http(s) pages only: the settings are about web sites). */
function useTabHost(tabId: number | undefined): string | undefined {
  const tab = useQuery({
    queryKey: ['tab', tabId],
    enabled: tabId !== undefined,
    queryFn: () => browser.tabs.get(tabId!),
  });
  const url = tab.data?.url;
  return url && /^https?:/.test(url) ? new URL(url).hostname.replace(/^www\./, '') : undefined;
}

/** Loupe's toolbar popup: the connection, what Loupe does on pages, blocked sites, theme, and the way to the panel. */
export function Popup() {
  const { tabId } = useTargetTab();
  const host = useTabHost(tabId);
  return (
    <main className="popup stack">
      <div className="row">
        <h1 className="grow">{i18n.t('extension.name')}</h1>
        <button
          type="button"
          className="primary"
          onClick={() => {
            // Synchronously inside the click: browsers open panels only during a user gesture.
            void openSidePanel({ tabId }).then(
              () => window.close(),
              () => {},
            );
          }}
        >
          {i18n.t('popup.openSidePanel')}
        </button>
      </div>
      <ConnectionSection />
      <PageSettings host={host} />
      <BlockedSites host={host} />
      <WebSearchSection />
      <AppearanceSection />
    </main>
  );
}
