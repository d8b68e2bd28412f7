import { useConnection } from './use-connection';

/** One line that says whether Loupe can talk to its backend, and if not, what to do. */
export function ConnectionStatus() {
  const { settings, data, error, isPending, fetchStatus, refetch } = useConnection();

  if (settings && !settings.token) {
    return (
      <p className="status" data-testid="connection-status" data-state="unconfigured" role="status">
        Not connected yet: open Loupe’s settings from the toolbar button and paste your backend’s token.
      </p>
    );
  }
  if (error) {
    return (
      <div className="status" data-testid="connection-status" data-state="error" role="alert">
        <span>
          {error.message}{' '}
          <button type="button" onClick={() => void refetch()}>
            Try again
          </button>
        </span>
      </div>
    );
  }
  if (!settings || isPending || !data) {
    return (
      <p className="status" data-testid="connection-status" data-state="checking" role="status" aria-busy={fetchStatus === 'fetching'}>
        Checking the connection…
      </p>
    );
  }
  return (
    <p className="status" data-testid="connection-status" data-state="connected" role="status">
      Connected as {data.user.name} · Loupe {data.health.version} at {settings.backendUrl}
    </p>
  );
}
