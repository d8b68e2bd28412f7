import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { ProvenanceDetails } from '@/components/provenance/ProvenanceDetails';
import { useProvenance } from '@/components/provenance/use-provenance';
import { ErrorNote, LoadingGrid } from '@/components/lib/Feedback';
import { SaveToBoard } from '@/components/saving/SaveToBoard';
import { SaveMany } from '@/components/saving/SaveMany';
import { useSelection } from '@/components/lib/use-selection';
import type { ImageToSave } from '@/utils/protocols/background-protocol';
import { useSavedLookup } from '@/components/lib/use-api';
import type { CapturedProduct } from '@/utils/contract';
import { sendToBackground } from '@/utils/protocols';
import type { ImageRecord } from '@/utils/page-scan';
import { type FocusRequest, ImageGrid } from './ImageGrid';
import { usePageSnapshot } from './use-page-snapshot';
import { useTargetTab } from '@/components/lib/use-target-tab';
import { FollowShop } from '@/components/shops/FollowShop';
import { i18n } from '#i18n';

/** "This page": the images Loupe found on the tab, largest first, and the product it sells. */
export function ThisPage() {
  const { tabId, revision } = useTargetTab();
  const status = useQuery({
    queryKey: ['tab-status', tabId, revision],
    enabled: tabId !== undefined,
    queryFn: () => sendToBackground('tab/status', { tabId: tabId! }),
  });
  const page = usePageSnapshot(tabId, revision);
  const [saving, setSaving] = useState<ImageRecord | null>(null);
  const [inspecting, setInspecting] = useState<ImageRecord | null>(null);
  // Closing a dialog puts focus back on the card control that opened it (the card may have scrolled out of the DOM).
  const [returnFocus, setReturnFocus] = useState<FocusRequest>();

  const images = page.data?.images ?? [];
  const product = page.data?.product ?? null;
  const saveable = images.filter((image) => image.saveAllowed && /^https?:/.test(image.url));
  const saved = useSavedLookup(saveable.map((image) => image.url));
  const [selecting, setSelecting] = useState(false);
  const selection = useSelection();
  const [savingMany, setSavingMany] = useState<ImageToSave[] | null>(null);
  const toSave = (image: ImageRecord): ImageToSave =>
    imageToSave(
      image,
      status.data?.url,
      product && page.data?.productImageUrls.includes(image.url) ? product : undefined,
    );

  return (
    <section className="stack" aria-labelledby="this-page-heading">
      <h2 id="this-page-heading" className="visually-hidden">
        {i18n.t('sidepanel.tabs.thisPage')}
      </h2>
      {status.data?.contentScript === 'alive' && (
        <p data-testid="page-status" data-state="alive" className="muted">
          {i18n.t('sidepanel.thisPage.active', images.filter((image) => image.saveAllowed).length)}
        </p>
      )}
      {status.data?.contentScript === 'absent' && (
        <p data-testid="page-status" data-state="absent" className="muted">
          {i18n.t('sidepanel.thisPage.absent')}
        </p>
      )}
      {status.error && (
        <ErrorNote
          what={i18n.t('sidepanel.thisPage.statusFailed')}
          error={status.error}
          onRetry={() => void status.refetch()}
          testId="page-status"
        />
      )}
      {page.error && (
        <ErrorNote
          what={i18n.t('sidepanel.thisPage.readFailed')}
          error={page.error}
          onRetry={() => void page.refetch()}
          testId="page-error"
        />
      )}
      {product && <ProductCard product={product} />}
      {product && status.data?.url && <FollowShop pageUrl={status.data.url} />}
      {saving && (
        <SaveDialog
          image={saving}
          toSave={toSave(saving)}
          onClose={() => {
            setSaving(null);
            setReturnFocus({ url: saving.url, control: 'save', at: Date.now() });
          }}
        />
      )}
      {saveable.length > 1 && (
        <SelectionBar
          selecting={selecting}
          count={selection.selected.size}
          onStart={() => setSelecting(true)}
          onSelectAll={() => selection.selectAll(saveable.map((image) => image.url))}
          onClear={selection.clear}
          onSave={() => setSavingMany(saveable.filter((image) => selection.selected.has(image.url)).map(toSave))}
          onDone={() => {
            setSelecting(false);
            selection.clear();
          }}
        />
      )}
      {savingMany && <SaveManyDialog images={savingMany} onClose={() => setSavingMany(null)} />}
      {inspecting && (
        <InspectDialog
          image={inspecting}
          tabId={tabId}
          onClose={() => {
            setInspecting(null);
            setReturnFocus({ url: inspecting.url, control: 'provenance', at: Date.now() });
          }}
        />
      )}
      {page.isPending && tabId !== undefined && (
        <LoadingGrid kind="image" label={i18n.t('sidepanel.thisPage.loading')} testId="page-loading" />
      )}
      {status.data?.contentScript === 'alive' && page.isSuccess && images.length === 0 && (
        <p className="muted empty-state" data-testid="page-empty">
          {i18n.t('sidepanel.thisPage.empty')}
        </p>
      )}
      <ImageGrid
        images={images}
        tabId={tabId}
        savedTo={(url) => saved.data?.get(url)}
        onSave={setSaving}
        onInspect={setInspecting}
        focusRequest={returnFocus}
        selection={{
          active: selecting,
          selected: selection.selected,
          toggle: selection.toggle,
          start: (url) => {
            setSelecting(true);
            selection.toggle([url], url, false);
          },
        }}
      />
    </section>
  );
}

/** The evidence behind one image's badge (the same query as its card: no second check). */
function InspectDialog({ image, tabId, onClose }: { image: ImageRecord; tabId?: number; onClose: () => void }) {
  const check = useProvenance(image.url, { tabId, frameUrl: image.frameUrl });
  return <ProvenanceDetails imageUrl={image.url} altText={image.alt} check={check} onClose={onClose} />;
}

function ProductCard({ product }: { product: CapturedProduct }) {
  return (
    <article className="card stack" data-testid="page-product" aria-label={i18n.t('sidepanel.thisPage.product')}>
      <div className="row">
        {product.images[0] && <img src={product.images[0]} alt="" width={56} height={56} className="product-thumb" />}
        <div className="grow">
          <strong>{product.name}</strong>
          {product.brand && <div className="muted">{product.brand}</div>}
        </div>
        {product.price && (
          <span data-testid="product-price">
            {product.price} {product.currency}
          </span>
        )}
      </div>
      {product.availability && product.availability !== 'unknown' && (
        <span className="muted">{product.availability.replace('_', ' ')}</span>
      )}
    </article>
  );
}

/** What the save queue needs to know of a page image. */
function imageToSave(image: ImageRecord, pageUrl: string | undefined, product?: CapturedProduct): ImageToSave {
  return {
    imageUrl: image.url,
    pageUrl: pageUrl && /^https?:/.test(pageUrl) ? pageUrl : undefined,
    altText: image.alt || undefined,
    width: image.naturalWidth ? Math.round(image.naturalWidth) : undefined,
    height: image.naturalHeight ? Math.round(image.naturalHeight) : undefined,
    product,
  };
}

/** Selecting several images: how many are picked, pick all that may be saved, save them together. */
function SelectionBar({
  selecting,
  count,
  onStart,
  onSelectAll,
  onClear,
  onSave,
  onDone,
}: {
  selecting: boolean;
  count: number;
  onStart: () => void;
  onSelectAll: () => void;
  onClear: () => void;
  onSave: () => void;
  onDone: () => void;
}) {
  if (!selecting)
    return (
      <div className="row selection-bar">
        <button type="button" className="push-right" onClick={onStart} data-testid="start-selecting">
          {i18n.t('sidepanel.thisPage.select')}
        </button>
      </div>
    );
  return (
    <div className="row wrap selection-bar" role="toolbar" aria-label={i18n.t('sidepanel.thisPage.select')}>
      <span aria-live="polite" data-testid="selected-count">
        {i18n.t('sidepanel.thisPage.selectedCount', count)}
      </span>
      <button type="button" onClick={onSelectAll}>
        {i18n.t('sidepanel.thisPage.selectAll')}
      </button>
      <button type="button" onClick={onClear} disabled={count === 0}>
        {i18n.t('sidepanel.thisPage.clearSelection')}
      </button>
      <button type="button" className="primary" onClick={onSave} disabled={count === 0}>
        {i18n.t('sidepanel.thisPage.saveSelected', count)}
      </button>
      <button type="button" className="push-right" onClick={onDone}>
        {i18n.t('sidepanel.thisPage.doneSelecting')}
      </button>
    </div>
  );
}

function SaveManyDialog({ images, onClose }: { images: ImageToSave[]; onClose: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="card stack"
      aria-labelledby="save-many-heading"
      data-testid="save-many-dialog"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <div className="row">
        <h3 id="save-many-heading" className="grow" tabIndex={-1} ref={heading}>
          {i18n.t('sidepanel.thisPage.saveManyHeading')}
        </h3>
        <button type="button" onClick={onClose} aria-label={i18n.t('common.close')}>
          ✕
        </button>
      </div>
      <SaveMany images={images} />
    </section>
  );
}

function SaveDialog({ image, toSave, onClose }: { image: ImageRecord; toSave: ImageToSave; onClose: () => void }) {
  // Opened from a card further down: bring it into view and start keyboard focus there.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [image.url]);
  return (
    <section
      className="card stack"
      aria-labelledby="save-dialog-heading"
      data-testid="save-dialog"
      onKeyDown={(event) => event.key === 'Escape' && onClose()}
    >
      <div className="row">
        <img src={image.url} alt="" width={48} height={48} className="product-thumb" />
        <h3 id="save-dialog-heading" className="grow" tabIndex={-1} ref={heading}>
          {i18n.t('sidepanel.thisPage.saveDialogHeading')}
        </h3>
        <button type="button" onClick={onClose} aria-label={i18n.t('common.close')}>
          ✕
        </button>
      </div>
      <SaveToBoard key={image.url} image={toSave} />
    </section>
  );
}
