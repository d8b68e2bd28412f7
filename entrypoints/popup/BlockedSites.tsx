import { type FormEvent, useId, useState } from 'react';
import { useStoredValue } from '@/components/use-stored-value';
import { isDormantHost } from '@/utils/page-scan/dormant';
import { addSite, blockedSitesItem, removeSite } from '@/utils/settings/preferences';

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
      <h2 id="blocked-heading">Blocked sites</h2>
      {host && !blockedHere && (
        <button type="button" onClick={() => void addSite(blockedSitesItem, host)}>
          Block {host}
        </button>
      )}
      {sites.length === 0 ? (
        <p className="muted">None yet. Loupe always stays out of banking, mail and health sites.</p>
      ) : (
        <ul className="site-list" aria-label="Blocked sites">
          {sites.map((site) => (
            <li key={site} className="row">
              <span className="grow">{site}</span>
              <button type="button" onClick={() => void removeSite(blockedSitesItem, site)} aria-label={`Unblock ${site}`}>
                Unblock
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={(event) => void add(event)} noValidate>
        <label htmlFor={id} className="visually-hidden">
          Site to block
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
        <button type="submit">Block</button>
      </form>
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </section>
  );
}
