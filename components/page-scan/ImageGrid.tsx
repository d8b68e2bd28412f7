import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import type { ImageRecord } from '@/utils/page-scan';
import { ImageCard } from './ImageCard';
import { i18n } from '#i18n';

const COLUMNS = 2;
const GAP = 8;
/** The card's two rows of size, Save, badge and Find similar, plus its border. */
const CARD_CHROME = 66;
const MAX_PICTURE_HEIGHT = 240;
/**
 * Rows rendered beyond the viewport each way. Generous on purpose: a page
 * with a few dozen images is rendered whole (tests and find-in-page see every
 * card), and Tab from the last visible card always lands on a rendered one,
 * whose focusing scrolls the list and renders the next rows.
 */
const OVERSCAN_ROWS = 10;

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
/** Frames to wait for a scrolled-to card to render before giving up. */
const FOCUS_ATTEMPTS = 20;

export interface ImageGridProps {
  images: ImageRecord[];
  tabId?: number;
  savedTo: (url: string) => string[] | undefined;
  onSave: (image: ImageRecord) => void;
  onInspect: (image: ImageRecord) => void;
  focusRequest?: FocusRequest;
}

/**
 * The page's images, two to a row, virtualised against the panel's own
 * scrolling: with a thousand images only the rows near the viewport are in
 * the DOM. Rows (not masonry lanes) keep the DOM order the reading order, so
 * Tab moves left to right, then down.
 */
export function ImageGrid({ images, tabId, savedTo, onSave, onInspect, focusRequest }: ImageGridProps) {
  const list = useRef<HTMLUListElement>(null);
  const { top, width } = useListBox(list);
  const rowCount = Math.ceil(images.length / COLUMNS);
  const columnWidth = (width - GAP) / COLUMNS;

  const virtualizer = useWindowVirtualizer({
    count: rowCount,
    gap: GAP,
    overscan: OVERSCAN_ROWS,
    scrollMargin: top,
    estimateSize: (row) =>
      Math.max(
        ...images.slice(row * COLUMNS, row * COLUMNS + COLUMNS).map((image) => estimateCardHeight(image, columnWidth)),
      ),
  });
  const rows = virtualizer.getVirtualItems();

  const focusIndex = focusRequest ? images.findIndex((image) => image.url === focusRequest.url) : -1;
  useEffect(() => {
    if (!focusRequest || focusIndex < 0) return;
    let frame = 0;
    const attempt = (left: number) => {
      const card = [...(list.current?.querySelectorAll<HTMLElement>('[data-testid="page-image"]') ?? [])].find(
        (element) => element.dataset.src === focusRequest.url,
      );
      const control =
        card?.querySelector<HTMLElement>(CONTROL_SELECTOR[focusRequest.control]) ??
        card?.querySelector<HTMLElement>('button');
      if (control) return control.focus();
      if (left === FOCUS_ATTEMPTS) virtualizer.scrollToIndex(Math.floor(focusIndex / COLUMNS), { align: 'center' });
      if (left > 0) frame = requestAnimationFrame(() => attempt(left - 1));
    };
    attempt(FOCUS_ATTEMPTS);
    return () => cancelAnimationFrame(frame);
    // Only a new request moves focus; later renders of the grid must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [focusRequest]);
  const first = rows[0];
  const last = rows.at(-1);

  return (
    <ul
      ref={list}
      className="image-grid virtual"
      role="list"
      aria-label={i18n.t('sidepanel.thisPage.imagesLabel')}
      // The rows above and below the rendered ones, as padding: the list keeps its full height, so the scrollbar is honest.
      style={{
        paddingTop: first ? first.start - virtualizer.options.scrollMargin : 0,
        paddingBottom: last ? virtualizer.getTotalSize() - (last.end - virtualizer.options.scrollMargin) : 0,
      }}
    >
      {rows.flatMap((row) =>
        images.slice(row.index * COLUMNS, row.index * COLUMNS + COLUMNS).map((image, column) => (
          <ImageCard
            key={image.url}
            image={image}
            tabId={tabId}
            savedTo={savedTo(image.url)}
            onSave={() => onSave(image)}
            onInspect={() => onInspect(image)}
            // Cards of a row stretch to the row's height: measuring the first measures the row.
            measureRef={column === 0 ? virtualizer.measureElement : undefined}
            rowIndex={row.index}
          />
        )),
      )}
    </ul>
  );
}

function estimateCardHeight(image: ImageRecord, columnWidth: number): number {
  const [width, height] =
    image.naturalWidth && image.naturalHeight
      ? [image.naturalWidth, image.naturalHeight]
      : [image.renderedWidth, image.renderedHeight];
  const picture = width > 0 && height > 0 ? Math.min(MAX_PICTURE_HEIGHT, (columnWidth * height) / width) : columnWidth;
  return Math.round(picture + CARD_CHROME);
}

/**
 * Where the list starts in the document (what sits above it changes: the
 * status line, the product, a save dialog) and how wide it is.
 */
function useListBox(ref: RefObject<HTMLElement | null>) {
  const [box, setBox] = useState({ top: 0, width: 360 });
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const update = () => {
      const rect = element.getBoundingClientRect();
      const top = Math.round(rect.top + window.scrollY);
      setBox((old) => (old.top === top && old.width === rect.width ? old : { top, width: rect.width }));
    };
    update();
    // Anything above the list changing height changes the document's height too.
    const observer = new ResizeObserver(update);
    observer.observe(document.body);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return box;
}
