import { type FormEvent, useId, useState } from 'react';
import { useStoredValue } from '@/components/lib/use-stored-value';
import { isDormantHost } from '@/utils/page-scan/sensitive-sites';
import { addSite, blockedSitesItem, removeSite } from '@/utils/settings/preferences';
import { i18n } from '#i18n';

/** Sites where Loupe stays dormant (as it always does on banking, mail and other sensitive sites). */
export function BlockedSites({ host }: { host?: string }) {
  const id = useId();
  const [sites] = useStoredValue(blockedSitesItem);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  if (sites === undefined) return null;
  const blockedHere = Boolean(host && isDormantHost(host, sites));

  async function add(event: FormEvent) {
    event.preventDefault();
    const result = await addSite(blockedSitesItem, draft);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setDraft('');
  }

  return (
    <section className="stack" aria-labelledby="blocked-heading">
      <h2 id="blocked-heading">{i18n.t('popup.blocked.heading')}</h2>
      {host && !blockedHere && (
        <button type="button" onClick={() => void addSite(blockedSitesItem, host)}>
          {i18n.t('popup.blocked.blockHost', [host])}
        </button>
      )}
      {sites.length === 0 ? (
        <p className="muted">{i18n.t('popup.blocked.none')}</p>
      ) : (
        <ul className="site-list" aria-label={i18n.t('popup.blocked.heading')}>
          {sites.map((site) => (
            <li key={site} className="row">
              <span className="grow">{site}</span>
              <button
                type="button"
                onClick={() => void removeSite(blockedSitesItem, site)}
                aria-label={i18n.t('popup.blocked.unblockLabel', [site])}
              >
                {i18n.t('popup.blocked.unblock')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={(event) => void add(event)} noValidate>
        <label htmlFor={id} className="visually-hidden">
          {i18n.t('popup.blocked.siteToBlock')}
        </label>
        <input
          id={id}
          className="grow"
          placeholder="example.com"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <button type="submit">{i18n.t('popup.blocked.block')}</button>
      </form>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </section>
  );
}
