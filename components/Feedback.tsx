import { useConnectionSettings } from './use-connection';

/**
 * True once the settings are read and no token is set: queries that need the
 * backend stay disabled (pending forever), so views say this instead of
 * showing a skeleton that never ends.
 */
export function useNotConnected(): boolean {
  const settings = useConnectionSettings();
  return Boolean(settings && !settings.token);
}

/** What a view needs the backend for, and how to connect. */
export function NotConnectedNote({ toSee }: { toSee: string }) {
  return (
    <p className="muted empty-state" data-testid="not-connected">
      Connect Loupe to your backend to see {toSee}: press Loupe’s toolbar button, paste the backend address and your token, then Save.
    </p>
  );
}

/** A failure said plainly: what failed, why (the API client's message says what to try), and a way to try again. */
export function ErrorNote({ what, error, onRetry, testId }: { what: string; error: Error; onRetry?: () => void; testId?: string }) {
  return (
    <div className="error-note row" role="alert" data-testid={testId}>
      <span className="grow">
        {what}: {error.message}
      </span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
