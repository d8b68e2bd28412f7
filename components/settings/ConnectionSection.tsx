import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { ConnectionStatus } from '@/components/settings/ConnectionStatus';
import { useConnectionSettings } from '@/components/lib/use-connection';
import { type ConnectionSettings, saveConnectionSettings } from '@/utils/lib/connection';
import { i18n } from '#i18n';

type FieldErrors = Partial<Record<keyof ConnectionSettings, string>>;

/** Where the backend is and which token to use, and a test that says exactly what is wrong. */
export function ConnectionSection() {
  const stored = useConnectionSettings();
  if (!stored) return <p aria-busy="true">{i18n.t('popup.connection.loading')}</p>;
  return <ConnectionFields initial={stored} />;
}

function ConnectionFields({ initial }: { initial: { backendUrl: string; token: string } }) {
  const queryClient = useQueryClient();
  const [backendUrl, setBackendUrl] = useState(initial.backendUrl);
  const [token, setToken] = useState(initial.token);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [saved, setSaved] = useState(false);
  const ids = { url: useId(), token: useId() };

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const result = await saveConnectionSettings({ backendUrl, token });
    setErrors(result.ok ? {} : result.errors);
    setSaved(result.ok);
    if (result.ok) await queryClient.invalidateQueries({ queryKey: ['connection'] });
  }

  return (
    <form className="stack" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="connection-heading">
      <h2 id="connection-heading">{i18n.t('popup.connection.heading')}</h2>
      <label htmlFor={ids.url}>
        {i18n.t('popup.connection.backendUrl')}
        <input
          id={ids.url}
          name="backendUrl"
          type="url"
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          value={backendUrl}
          onChange={(event) => setBackendUrl(event.target.value)}
          aria-invalid={Boolean(errors.backendUrl)}
          aria-describedby={errors.backendUrl ? `${ids.url}-error` : undefined}
        />
        {errors.backendUrl && (
          <span className="field-error" id={`${ids.url}-error`}>
            {errors.backendUrl}
          </span>
        )}
      </label>
      <label htmlFor={ids.token}>
        {i18n.t('popup.connection.token')}
        <input
          id={ids.token}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          placeholder="loupe_…"
          value={token}
          onChange={(event) => setToken(event.target.value)}
          aria-invalid={Boolean(errors.token)}
          aria-describedby={errors.token ? `${ids.token}-error` : undefined}
        />
        {errors.token && (
          <span className="field-error" id={`${ids.token}-error`}>
            {errors.token}
          </span>
        )}
      </label>
      <div className="row">
        <button className="primary" type="submit">
          {i18n.t('popup.connection.save')}
        </button>
        <button type="button" onClick={() => void queryClient.resetQueries({ queryKey: ['connection'] })}>
          {i18n.t('popup.connection.test')}
        </button>
        {saved && <span role="status">{i18n.t('popup.connection.saved')}</span>}
      </div>
      <ConnectionStatus />
    </form>
  );
}
