import { useCallback, useMemo } from 'react';
import { Masonry, type MasonryFocusRequest } from '@/components/lib/Masonry';
import type { ImageRecord } from '@/utils/page-scan';
import { ImageCard, pageImageSize } from './ImageCard';
import { i18n } from '#i18n';

/** Focus a control of a card, scrolling the card back into the DOM first (`at` makes each request new). */
export interface FocusRequest {
  url: string;
  control: 'save' | 'provenance';
  at: number;
}
const CONTROL_SELECTOR: Record<FocusRequest['control'], string> = {
  save: '[data-control="save"]',
  provenance: '[data-testid="provenance-badge"]',
};

/** Which images are picked for saving together, and how picking changes it. */
export interface GridSelection {
  active: boolean;
  selected: ReadonlySet<string>;
  toggle: (order: readonly string[], url: string, range: boolean) => void;
  start: (url: string) => void;
}

export interface ImageGridProps {
  images: ImageRecord[];
  tabId?: number;
  savedTo: (url: string) => string[] | undefined;
  onSave: (image: ImageRecord) => void;
  onInspect: (image: ImageRecord) => void;
  focusRequest?: FocusRequest;
  selection: GridSelection;
}

/**
 * The page's images in the shared masonry grid, each card the shape of its
 * image, virtualised against the panel's own scrolling: with a thousand
 * images only the cards near the viewport are in the DOM.
 */
export function ImageGrid({ images, tabId, savedTo, onSave, onInspect, focusRequest, selection }: ImageGridProps) {
  const selectableOrder = useMemo(
    () => images.filter((image) => image.saveAllowed).map((image) => image.url),
    [images],
  );
  const masonryFocus = useMemo<MasonryFocusRequest | undefined>(
    () =>
      focusRequest && { key: focusRequest.url, selector: CONTROL_SELECTOR[focusRequest.control], at: focusRequest.at },
    [focusRequest],
  );
  const imageKey = useCallback((image: ImageRecord) => image.url, []);
  return (
    <Masonry
      items={images}
      itemKey={imageKey}
      imageSize={pageImageSize}
      label={i18n.t('sidepanel.thisPage.imagesLabel')}
      testId="page-grid"
      focusRequest={masonryFocus}
      renderCard={({ item: image, picture, onNaturalSize }) => (
        <ImageCard
          image={image}
          picture={picture}
          onNaturalSize={onNaturalSize}
          tabId={tabId}
          savedTo={savedTo(image.url)}
          onSave={() => onSave(image)}
          onInspect={() => onInspect(image)}
          selection={{
            active: selection.active,
            selected: selection.selected.has(image.url),
            toggle: (range) => selection.toggle(selectableOrder, image.url, range),
            start: () => selection.start(image.url),
          }}
        />
      )}
    />
  );
}
