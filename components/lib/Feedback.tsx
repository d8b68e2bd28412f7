import { useConnectionSettings } from './use-connection';
import { i18n } from '#i18n';

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
      {i18n.t('feedback.notConnected', [toSee])}
    </p>
  );
}

/** A failure said plainly: what failed, why (the API client's message says what to try), and a way to try again. */
export function ErrorNote({
  what,
  error,
  onRetry,
  testId,
}: {
  what: string;
  error: Error;
  onRetry?: () => void;
  testId?: string;
}) {
  return (
    <div className="error-note row" role="alert" data-testid={testId}>
      <span className="grow">{i18n.t('feedback.error', [what, error.message])}</span>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {i18n.t('common.tryAgain')}
        </button>
      )}
    </div>
  );
}

/** Four placeholder cards while a grid's first page loads (`kind`: the grid's and its cards' class prefix). */
export function LoadingGrid({ kind, label, testId }: { kind: 'image' | 'board'; label: string; testId: string }) {
  return (
    <div className={`${kind}-grid`} aria-busy="true" aria-label={label} data-testid={testId}>
      {[0, 1, 2, 3].map((n) => (
        <div key={n} className={`${kind}-card skeleton`} />
      ))}
    </div>
  );
}
