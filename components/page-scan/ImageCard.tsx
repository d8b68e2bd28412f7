import { useCallback, useRef } from 'react';
import { ProvenanceBadge } from '@/components/provenance/ProvenanceBadge';
import { useProvenance, useSeen } from '@/components/provenance/use-provenance';
import type { BlockedReason, ImageRecord } from '@/utils/page-scan';
import { panelIntentItem } from '@/utils/settings/panel-intent';
import { i18n } from '#i18n';

/** Why an image cannot be saved (the scanner gives a code; words are the panel's). */
const BLOCKED_REASON_TEXT: Readonly<Record<BlockedReason, () => string>> = {
  'page-nopin': () => i18n.t('sidepanel.thisPage.blocked.pageNopin'),
  'page-nosave': () => i18n.t('sidepanel.thisPage.blocked.pageNosave'),
  'image-nopin': () => i18n.t('sidepanel.thisPage.blocked.imageNopin'),
  'image-nosave': () => i18n.t('sidepanel.thisPage.blocked.imageNosave'),
};

export interface ImageCardProps {
  image: ImageRecord;
  tabId?: number;
  savedTo?: string[];
  onSave: () => void;
  onInspect: () => void;
  /** The grid's row measurer, on the first card of each row (see ImageGrid). */
  measureRef?: (element: HTMLElement | null) => void;
  rowIndex?: number;
}

/**
 * One image of the page: the picture, its size, whether it is saved, its
 * provenance badge (checked once the card scrolls into view, never holding
 * up the grid) and Save.
 */
export function ImageCard({ image, tabId, savedTo, onSave, onInspect, measureRef, rowIndex }: ImageCardProps) {
  const onFindSimilar = () =>
    void panelIntentItem.setValue({
      view: 'similar',
      image: { url: image.url, altText: image.alt || undefined },
      where: { tabId, frameUrl: image.frameUrl },
      createdAt: Date.now(),
    });
  const card = useRef<HTMLLIElement>(null);
  const setCard = useCallback(
    (element: HTMLLIElement | null) => {
      card.current = element;
      measureRef?.(element);
    },
    [measureRef],
  );
  // An overscanned card is in the DOM but off screen: the badge waits until it is near the viewport.
  const seen = useSeen(card);
  const provenance = useProvenance(image.url, { tabId, frameUrl: image.frameUrl }, { enabled: seen });
  const size =
    image.naturalWidth && image.naturalHeight
      ? [image.naturalWidth, image.naturalHeight]
      : [Math.round(image.renderedWidth), Math.round(image.renderedHeight)];
  return (
    <li
      ref={setCard}
      data-index={measureRef ? rowIndex : undefined}
      className="image-card"
      data-testid="page-image"
      data-src={image.url}
      data-save-allowed={image.saveAllowed}
    >
      {/* width and height give the picture its shape before it loads, so rows keep their measured height. */}
      <img
        src={image.url}
        alt={image.alt}
        loading="lazy"
        decoding="async"
        width={size[0] || undefined}
        height={size[1] || undefined}
      />
      <div className="image-meta row">
        <span className="muted">
          {size[0]}×{size[1]}
        </span>
        {savedTo && (
          <span
            className="already-saved"
            data-testid="already-saved"
            title={i18n.t('sidepanel.thisPage.savedToTitle', [savedTo.join(', ')])}
          >
            {i18n.t('sidepanel.thisPage.saved')}
          </span>
        )}
        {image.saveAllowed ? (
          <button
            type="button"
            className="push-right"
            data-control="save"
            onClick={onSave}
            aria-label={i18n.t('sidepanel.thisPage.saveLabel', [image.alt || i18n.t('sidepanel.thisPage.thisImage')])}
          >
            {i18n.t('sidepanel.thisPage.save')}
          </button>
        ) : (
          <span className="blocked push-right" data-testid="blocked-reason">
            {image.blockedReason
              ? BLOCKED_REASON_TEXT[image.blockedReason]()
              : i18n.t('sidepanel.thisPage.notSaveable')}
            {image.blockedDetail ? `: ${image.blockedDetail}` : ''}
          </span>
        )}
      </div>
      <div className="image-meta row card-foot">
        {seen && <ProvenanceBadge check={provenance} onOpen={onInspect} />}
        <button
          type="button"
          className="push-right"
          onClick={onFindSimilar}
          aria-label={i18n.t('sidepanel.thisPage.findSimilarLabel', [
            image.alt || i18n.t('sidepanel.thisPage.thisImage'),
          ])}
        >
          {i18n.t('sidepanel.thisPage.findSimilar')}
        </button>
      </div>
    </li>
  );
}
