import { useConnection } from '../lib/use-connection';
import { i18n } from '#i18n';

/** One line that says whether Loupe can talk to its backend, and if not, what to do. */
export function ConnectionStatus() {
  const { settings, data, error, isPending, fetchStatus, refetch } = useConnection();

  if (settings && !settings.token) {
    return (
      <p className="status" data-testid="connection-status" data-state="unconfigured" role="status">
        {i18n.t('connection.notConfigured')}
      </p>
    );
  }
  if (error) {
    return (
      <div className="status" data-testid="connection-status" data-state="error" role="alert">
        <span>
          {error.message}{' '}
          <button type="button" onClick={() => void refetch()}>
            {i18n.t('common.tryAgain')}
          </button>
        </span>
      </div>
    );
  }
  if (!settings || isPending || !data) {
    return (
      <p
        className="status"
        data-testid="connection-status"
        data-state="checking"
        role="status"
        aria-busy={fetchStatus === 'fetching'}
      >
        {i18n.t('connection.checking')}
      </p>
    );
  }
  return (
    <p className="status" data-testid="connection-status" data-state="connected" role="status">
      {i18n.t('connection.connected', [data.user.name, data.health.version, settings.backendUrl])}
    </p>
  );
}
