import { type MouseEvent, useRef } from 'react';
import type { ImageSize } from '@/components/lib/Masonry';
import { ImageTile, MoreMenu } from '@/components/lib/ImageTile';
import { ProvenanceBadge } from '@/components/provenance/ProvenanceBadge';
import { useProvenance, useSeen } from '@/components/provenance/use-provenance';
import type { BlockedReason, ImageRecord } from '@/utils/page-scan';
import { FindSimilarButton } from '@/components/products/FindSimilarButton';
import { i18n } from '#i18n';

/** Why an image cannot be saved (the scanner gives a code; words are the panel's). */
const BLOCKED_REASON_TEXT: Readonly<Record<BlockedReason, () => string>> = {
  'page-nopin': () => i18n.t('sidepanel.thisPage.blocked.pageNopin'),
  'page-nosave': () => i18n.t('sidepanel.thisPage.blocked.pageNosave'),
  'image-nopin': () => i18n.t('sidepanel.thisPage.blocked.imageNopin'),
  'image-nosave': () => i18n.t('sidepanel.thisPage.blocked.imageNosave'),
};

/** The image's size in pixels as the page knows it: its natural size, or else its rendered box. */
export function pageImageSize(image: ImageRecord): ImageSize | undefined {
  const [width, height] =
    image.naturalWidth && image.naturalHeight
      ? [image.naturalWidth, image.naturalHeight]
      : [image.renderedWidth, image.renderedHeight];
  return width > 0 && height > 0 ? { width: Math.round(width), height: Math.round(height) } : undefined;
}

/** Selecting several images to save at once (This page's "Select"). */
export interface CardSelection {
  active: boolean;
  selected: boolean;
  /** `range`: shift was held, select from the last clicked card to this one. */
  toggle: (range: boolean) => void;
  /** Starts selecting with this card (the card's menu: the way in for touch and screen readers). */
  start: () => void;
}

export interface ImageCardProps {
  image: ImageRecord;
  picture: ImageSize;
  onNaturalSize: (size: ImageSize) => void;
  tabId?: number;
  savedTo?: string[];
  onSave: () => void;
  onInspect: () => void;
  selection: CardSelection;
}

/**
 * One image of the page: the picture, whether it is saved or may not be, and
 * on hover or focus Save, Find similar, its provenance badge (checked once
 * the card scrolls into view, never holding up the grid) and a menu.
 */
export function ImageCard({
  image,
  picture,
  onNaturalSize,
  tabId,
  savedTo,
  onSave,
  onInspect,
  selection,
}: ImageCardProps) {
  const name = image.alt || i18n.t('sidepanel.thisPage.thisImage');
  const card = useRef<HTMLElement>(null);
  // An overscanned card is in the DOM but off screen: the badge waits until it is near the viewport.
  const seen = useSeen(card);
  const provenance = useProvenance(image.url, { tabId, frameUrl: image.frameUrl }, { enabled: seen });
  const size = pageImageSize(image);
  const selectable = selection.active && image.saveAllowed;

  return (
    <ImageTile
      ref={card}
      src={image.url}
      alt={image.alt}
      picture={picture}
      onNaturalSize={onNaturalSize}
      className={selection.selected ? 'selected' : undefined}
      data-testid="page-image"
      data-src={image.url}
      data-save-allowed={image.saveAllowed}
      data-selected={selection.selected}
      marks={
        <>
          {selectable && (
            <label className="tile-check">
              <input
                type="checkbox"
                checked={selection.selected}
                // A click (mouse or Space) on the box carries shift too: shift+Space selects a range.
                onClick={(event) => {
                  event.preventDefault();
                  selection.toggle(event.shiftKey);
                }}
                onChange={() => undefined}
                aria-label={i18n.t('sidepanel.thisPage.selectLabel', [name])}
              />
            </label>
          )}
          {savedTo && (
            <span
              className="tile-mark already-saved"
              data-testid="already-saved"
              title={i18n.t('sidepanel.thisPage.savedToTitle', [savedTo.join(', ')])}
            >
              {i18n.t('sidepanel.thisPage.saved')}
            </span>
          )}
          {!image.saveAllowed && (
            <span className="tile-mark blocked" data-testid="blocked-reason">
              {image.blockedReason
                ? BLOCKED_REASON_TEXT[image.blockedReason]()
                : i18n.t('sidepanel.thisPage.notSaveable')}
              {image.blockedDetail ? `: ${image.blockedDetail}` : ''}
            </span>
          )}
        </>
      }
      actions={
        <>
          <div className="tile-actions-top">
            {seen && <ProvenanceBadge check={provenance} onOpen={onInspect} />}
            <MoreMenu label={i18n.t('tile.moreLabel', [name])}>
              <>
                {size && <span className="muted small">{i18n.t('tile.size', [size.width, size.height])}</span>}
                <a href={image.url} target="_blank" rel="noreferrer noopener">
                  {i18n.t('tile.openImage')}
                </a>
                {image.saveAllowed && !selection.active && (
                  <button
                    type="button"
                    onClick={() => {
                      selection.start();
                    }}
                  >
                    {i18n.t('sidepanel.thisPage.selectSeveral')}
                  </button>
                )}
              </>
            </MoreMenu>
          </div>
          <div className="tile-actions-foot">
            <FindSimilarButton
              imageUrl={image.url}
              altText={image.alt || undefined}
              name={name}
              where={{ tabId, frameUrl: image.frameUrl }}
            />
            {image.saveAllowed && (
              <button
                type="button"
                className="tile-button primary push-right"
                data-control="save"
                onClick={onSave}
                aria-label={i18n.t('sidepanel.thisPage.saveLabel', [name])}
              >
                {i18n.t('sidepanel.thisPage.save')}
              </button>
            )}
          </div>
        </>
      }
    >
      {/* While selecting, a click anywhere on the picture picks it (shift-click: a range), as in a file manager;
          the checkbox is the same control for the keyboard and screen readers. */}
      {selectable && (
        <div
          className="tile-hit"
          onClick={(event: MouseEvent) => selection.toggle(event.shiftKey)}
          aria-hidden="true"
        />
      )}
    </ImageTile>
  );
}
