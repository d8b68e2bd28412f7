import { useQuery } from '@tanstack/react-query';
import { sendToBackground } from '@/utils/messaging';
import { useTargetTab } from './use-target-tab';

/** "This page": for now, whether Loupe can see the page at all. */
export function ThisPage() {
  const { tabId, revision } = useTargetTab();
  const status = useQuery({
    queryKey: ['tab-status', tabId, revision],
    enabled: tabId !== undefined,
    queryFn: () => sendToBackground('tab/status', { tabId: tabId! }),
  });

  return (
    <section className="card stack" aria-labelledby="this-page-heading">
      <h2 id="this-page-heading">This page</h2>
      {status.data?.contentScript === 'alive' && (
        <p data-testid="page-status" data-state="alive">
          Loupe is active on this page.
        </p>
      )}
      {status.data?.contentScript === 'absent' && (
        <p data-testid="page-status" data-state="absent" className="muted">
          Loupe can’t see this page (browser pages and some sites don’t allow extensions). Reload the page if it was open before Loupe was installed.
        </p>
      )}
      {status.error && (
        <p data-testid="page-status" data-state="error" role="alert">
          Couldn’t check this page: {status.error.message}
        </p>
      )}
    </section>
  );
}
