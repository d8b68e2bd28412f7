import { type FormEvent, useId, useState } from 'react';
import { useStoredValue } from '@/components/lib/use-stored-value';
import {
  addCustomEngine,
  type CustomEngineDraft,
  removeCustomEngine,
  webSearchEngines,
  webSearchItem,
  withEngineOn,
} from '@/utils/settings/preferences';
import { IMAGE_URL_PLACEHOLDER } from '@/utils/web-search/engines';
import { i18n } from '#i18n';

/** "Search the web": each engine on or off, and engines of the person's own (a URL template, an upload page). */
export function WebSearchSection() {
  const [settings, saveSettings] = useStoredValue(webSearchItem);
  if (!settings) return null;
  const custom = new Set(settings.custom.map((engine) => engine.id));
  return (
    <section className="stack" aria-labelledby="web-search-heading">
      <h2 id="web-search-heading">{i18n.t('popup.webSearch.heading')}</h2>
      <p className="muted">{i18n.t('popup.webSearch.hint')}</p>
      <ul className="site-list" aria-label={i18n.t('popup.webSearch.engines')}>
        {webSearchEngines(settings).map((engine) => (
          <li key={engine.id} className="row">
            <label className="row checkbox grow">
              <input
                type="checkbox"
                checked={engine.on}
                // Shown at once (a controlled box waiting for storage would not move under the pointer).
                onChange={(event) => void saveSettings(withEngineOn(settings, engine.id, event.target.checked))}
              />
              {engine.name}
            </label>
            {custom.has(engine.id) && (
              <button
                type="button"
                onClick={() => void removeCustomEngine(engine.id)}
                aria-label={i18n.t('popup.webSearch.removeLabel', [engine.name])}
              >
                {i18n.t('popup.webSearch.remove')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <AddEngine />
    </section>
  );
}

const EXAMPLE_TEMPLATE = `https://example.com/search?image=${IMAGE_URL_PLACEHOLDER}`;
const EMPTY: CustomEngineDraft = { name: '', urlTemplate: '', uploadUrl: '' };

/** The form for an engine of one's own, folded away until wanted; each field says what is wrong with it. */
function AddEngine() {
  const id = useId();
  const [draft, setDraft] = useState(EMPTY);
  const [error, setError] = useState<{ field: keyof CustomEngineDraft | 'form'; message: string }>();

  async function add(event: FormEvent) {
    event.preventDefault();
    const result = await addCustomEngine(draft);
    if (!result.ok) return setError({ field: result.field, message: result.error });
    setError(undefined);
    setDraft(EMPTY);
  }

  const field = (name: keyof CustomEngineDraft, label: string, placeholder: string, hint?: string) => {
    const invalid = error?.field === name;
    const describedBy = [hint && `${id}-${name}-hint`, invalid && `${id}-error`].filter(Boolean).join(' ');
    return (
      <div className="stack">
        <label htmlFor={`${id}-${name}`}>{label}</label>
        <input
          id={`${id}-${name}`}
          value={draft[name]}
          placeholder={placeholder}
          onChange={(event) => setDraft({ ...draft, [name]: event.target.value })}
          aria-invalid={invalid}
          aria-describedby={describedBy || undefined}
        />
        {hint && (
          <span id={`${id}-${name}-hint`} className="muted">
            {hint}
          </span>
        )}
      </div>
    );
  };

  return (
    <details>
      <summary>{i18n.t('popup.webSearch.add')}</summary>
      <form className="stack" onSubmit={(event) => void add(event)} noValidate>
        {field('name', i18n.t('popup.webSearch.name'), 'My engine')}
        {field(
          'urlTemplate',
          i18n.t('popup.webSearch.urlTemplate'),
          EXAMPLE_TEMPLATE,
          i18n.t('popup.webSearch.urlTemplateHint', [IMAGE_URL_PLACEHOLDER, EXAMPLE_TEMPLATE]),
        )}
        {field(
          'uploadUrl',
          i18n.t('popup.webSearch.uploadUrl'),
          'https://example.com/upload',
          i18n.t('popup.webSearch.uploadUrlHint'),
        )}
        {error && (
          <span id={`${id}-error`} className="field-error" role="alert">
            {error.message}
          </span>
        )}
        <button type="submit">{i18n.t('popup.webSearch.addButton')}</button>
      </form>
    </details>
  );
}
