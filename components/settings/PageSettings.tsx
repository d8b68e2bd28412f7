import { type FormEvent, useId, useState } from 'react';
import { useStoredValue } from '@/components/lib/use-stored-value';
import { isDormantHost } from '@/utils/page-scan/sensitive-sites';
import { badgeCountItem } from '@/utils/page-scan/badge-count-setting';
import {
  addCapturedProductsItem,
  capturedProductsAskedItem,
} from '@/utils/products/captured/captured-products-setting';
import {
  addSite,
  hoverButtonItem,
  hoverButtonOffSitesItem,
  MinImageSizeSchema,
  minImageSizeItem,
  onPageBadgesItem,
  removeSite,
} from '@/utils/settings/preferences';
import { i18n } from '#i18n';

/** What Loupe does on web pages. Every change reaches open tabs at once (the content script watches storage). */
export function PageSettings({ host }: { host?: string }) {
  const [hoverButton, setHoverButton] = useStoredValue(hoverButtonItem);
  const [offSites] = useStoredValue(hoverButtonOffSitesItem);
  const [onPageBadges, setOnPageBadges] = useStoredValue(onPageBadgesItem);
  const [badgeCount, setBadgeCount] = useStoredValue(badgeCountItem);
  const [addCaptured, setAddCaptured] = useStoredValue(addCapturedProductsItem);
  if (
    hoverButton === undefined ||
    offSites === undefined ||
    onPageBadges === undefined ||
    badgeCount === undefined ||
    addCaptured === undefined
  )
    return null;
  const offHere = Boolean(host && isDormantHost(host, offSites));

  return (
    <section className="stack" aria-labelledby="pages-heading">
      <h2 id="pages-heading">{i18n.t('popup.pages.heading')}</h2>
      <label className="row checkbox">
        <input type="checkbox" checked={hoverButton} onChange={(event) => void setHoverButton(event.target.checked)} />
        {i18n.t('popup.pages.hoverButton')}
      </label>
      {host && hoverButton && <OffOnThisSite host={host} offHere={offHere} />}
      <MinImageSize />
      <label className="row checkbox">
        <input
          type="checkbox"
          checked={onPageBadges}
          onChange={(event) => void setOnPageBadges(event.target.checked)}
        />
        {i18n.t('popup.pages.badges')}
      </label>
      <label className="row checkbox">
        <input
          type="checkbox"
          checked={badgeCount}
          aria-describedby="badge-count-hint"
          onChange={(event) => void setBadgeCount(event.target.checked)}
        />
        {i18n.t('popup.pages.badgeCount')}
      </label>
      <p id="badge-count-hint" className="muted indent">
        {i18n.t('popup.pages.badgeCountHint')}
      </p>
      <label className="row checkbox">
        <input
          type="checkbox"
          checked={addCaptured}
          onChange={(event) => {
            void setAddCaptured(event.target.checked);
            // A choice made here answers the side panel's question too: it will not ask.
            void capturedProductsAskedItem.setValue(true);
          }}
        />
        {i18n.t('popup.pages.addCaptured')}
      </label>
    </section>
  );
}

/** "Not on this site": shows the click at once (like the other switches), storage confirms it. */
function OffOnThisSite({ host, offHere }: { host: string; offHere: boolean }) {
  const [pending, setPending] = useState<boolean>();
  return (
    <label className="row checkbox indent">
      <input
        type="checkbox"
        checked={pending ?? offHere}
        onChange={(event) => {
          const off = event.target.checked;
          setPending(off);
          void (off ? addSite(hoverButtonOffSitesItem, host) : removeSite(hoverButtonOffSitesItem, host)).finally(() =>
            setPending(undefined),
          );
        }}
      />
      {i18n.t('popup.pages.notOnHost', [host])}
    </label>
  );
}

/** The smallest image (both sides, CSS pixels) that gets the Save button; applied on Enter or when leaving the field. */
function MinImageSize() {
  const id = useId();
  const [stored, setStored] = useStoredValue(minImageSizeItem);
  const [draft, setDraft] = useState<string>();
  const [error, setError] = useState<string>();
  if (stored === undefined) return null;

  const apply = (event?: FormEvent) => {
    event?.preventDefault();
    if (draft === undefined) return;
    const parsed = MinImageSizeSchema.safeParse(draft);
    if (!parsed.success) return setError(parsed.error.issues[0]?.message);
    setError(undefined);
    setDraft(undefined);
    void setStored(parsed.data);
  };

  return (
    <form onSubmit={apply} noValidate className="row">
      <label htmlFor={id} className="grow">
        {i18n.t('popup.pages.minImageSize')}
      </label>
      <input
        id={id}
        className="narrow"
        inputMode="numeric"
        value={draft ?? String(stored)}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => apply()}
        aria-invalid={Boolean(error)}
        aria-describedby={error ? `${id}-error` : undefined}
      />
      {error && (
        <span id={`${id}-error`} className="field-error" role="alert">
          {error}
        </span>
      )}
    </form>
  );
}
