import type { ReactNode } from 'react';
import type { ImageSize } from '@/components/lib/Masonry';
import { ImageTile, MoreMenu } from '@/components/lib/ImageTile';
import { VerdictIcon } from '@/components/provenance/VerdictIcon';
import type { Pin } from '@/utils/contract';
import { badgeDescription, badgeText } from '@/utils/provenance/verdict-display';
import { FindSimilarButton } from '@/components/products/FindSimilarButton';
import { i18n } from '#i18n';

export const pinName = (pin: Pin) => pin.altText || pin.sourceTitle || i18n.t('sidepanel.pin.thisPin');
export const pinKey = (pin: Pin) => pin.id;
/** A pin's image size, stored with it once the backend has looked at the image. */
export const pinSize = (pin: Pin) => (pin.width && pin.height ? { width: pin.width, height: pin.height } : undefined);

/**
 * A pin in a masonry grid (a board's pins, search results, "more like this"):
 * the picture opens the pin's own view; on hover or focus, Find similar, the
 * provenance badge it was saved with, and a menu with the source page, its
 * board (where the grid shows pins of several boards) and Delete (on its board).
 */
export function PinCard({
  pin,
  picture,
  onNaturalSize,
  onOpen,
  onDelete,
  onOpenBoard,
  marks,
  testId = 'pin-card',
}: {
  pin: Pin;
  picture: ImageSize;
  onNaturalSize: (size: ImageSize) => void;
  onOpen: () => void;
  onDelete?: () => void;
  onOpenBoard?: () => void;
  /** Shown over the picture besides the note (e.g. how a search result matched). */
  marks?: ReactNode;
  testId?: string;
}) {
  const name = pinName(pin);
  return (
    <ImageTile
      src={pin.imageUrl}
      alt={pin.altText ?? ''}
      picture={picture}
      onNaturalSize={onNaturalSize}
      data-testid={testId}
      data-pin-id={pin.id}
      data-image-url={pin.imageUrl}
      marks={
        pin.note || marks ? (
          <>
            {marks}
            {pin.note && <span className="tile-mark pin-note">{pin.note}</span>}
          </>
        ) : undefined
      }
      actions={
        <>
          <div className="tile-actions-top">
            {pin.provenance && (
              <span
                className="provenance-badge"
                data-testid="pin-provenance"
                data-verdict={pin.provenance.verdict}
                role="img"
                aria-label={badgeDescription(pin.provenance)}
              >
                <VerdictIcon verdict={pin.provenance.verdict} />
                {badgeText(pin.provenance)}
              </span>
            )}
            <MoreMenu label={i18n.t('tile.moreLabel', [name])}>
              <>
                {pin.sourceUrl && (
                  <a href={pin.sourceUrl} target="_blank" rel="noreferrer noopener">
                    {i18n.t('sidepanel.pin.openSource')}
                  </a>
                )}
                {onOpenBoard && (
                  <button type="button" onClick={onOpenBoard}>
                    {i18n.t('pinSearch.openBoard')}
                  </button>
                )}
                {onDelete && (
                  <button type="button" onClick={onDelete}>
                    {i18n.t('sidepanel.pin.delete')}
                  </button>
                )}
              </>
            </MoreMenu>
          </div>
          <div className="tile-actions-foot">
            <FindSimilarButton imageUrl={pin.imageUrl} altText={pin.altText ?? undefined} name={name} />
          </div>
        </>
      }
    >
      {/* The whole picture opens the pin: the card's first stop for Tab and its name for screen readers. */}
      <button
        type="button"
        className="tile-open"
        data-control="open"
        onClick={onOpen}
        aria-label={i18n.t('sidepanel.pin.openLabel', [name])}
      />
    </ImageTile>
  );
}
