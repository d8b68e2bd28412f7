import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, type RefObject, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';

/**
 * The one masonry grid of the side panel (This page, Boards, a board's pins):
 * columns ("lanes") of cards, each as tall as its image's shape asks, built on
 * @tanstack/react-virtual's lanes so that only the cards near the viewport are
 * in the DOM. The panel's own document scrolls.
 *
 * A card's height comes from the image's width and height, never from
 * measuring it after load: cards whose size is known take their final box on
 * the first render and never jump. A card whose size is not known yet starts
 * square and takes its shape once its image reports it (`onNaturalSize`).
 *
 * Cards are in the DOM in item order, so Tab and screen readers follow the
 * list's order (the virtualizer puts each item in the shortest lane so far).
 */

export interface ImageSize {
  width: number;
  height: number;
}

export interface MasonryCard<T> {
  item: T;
  index: number;
  /** The picture's box in CSS pixels: the card's whole height is this plus `footerHeight`. */
  picture: ImageSize;
  /** Report the image's real size once it has loaded, for items whose size was not known. */
  onNaturalSize: (size: ImageSize) => void;
}

export interface MasonryProps<T> {
  items: readonly T[];
  itemKey: (item: T) => string;
  /** The image's size in pixels when known (stored with a pin, measured on the page). */
  imageSize: (item: T) => ImageSize | undefined;
  renderCard: (card: MasonryCard<T>) => ReactNode;
  label: string;
  testId?: string;
  /** Fixed height under each picture (a caption), the same for every card. */
  footerHeight?: number;
  /** Called when the last card is rendered: load more. */
  onEndReached?: () => void;
  /** Scroll a card into the DOM and focus `selector` inside it (`at` makes each request new). */
  focusRequest?: MasonryFocusRequest;
}

export interface MasonryFocusRequest {
  key: string;
  selector: string;
  at: number;
}

const GAP = 8;
/** Lanes are at least this wide: two in a side panel, more when it is widened. */
const MIN_LANE_WIDTH = 150;
/** A very wide image still gets a card its actions fit on; a very tall one does not fill the panel. */
const MIN_PICTURE_HEIGHT = 96;
const MAX_PICTURE_RATIO = 3;
/**
 * Rows rendered beyond the viewport each way. Generous on purpose: a page with
 * a few dozen images is rendered whole, and Tab from the last visible card
 * always lands on a rendered one, whose focusing scrolls the list and renders
 * the next rows.
 */
const OVERSCAN_ROWS = 8;
/** Frames to wait for a scrolled-to card to render before giving up. */
const FOCUS_ATTEMPTS = 20;

export const laneCount = (width: number) => Math.max(2, Math.floor((width + GAP) / (MIN_LANE_WIDTH + GAP)));

/** The picture's height in a lane: the image's own shape, within limits that keep every card usable. */
export function pictureHeight(size: ImageSize | undefined, laneWidth: number): number {
  if (!size || size.width <= 0 || size.height <= 0) return Math.round(laneWidth);
  const natural = (laneWidth * size.height) / size.width;
  return Math.round(Math.min(Math.max(natural, MIN_PICTURE_HEIGHT), laneWidth * MAX_PICTURE_RATIO));
}

export function Masonry<T>({
  items,
  itemKey,
  imageSize,
  renderCard,
  label,
  testId,
  footerHeight = 0,
  onEndReached,
  focusRequest,
}: MasonryProps<T>) {
  const list = useRef<HTMLUListElement>(null);
  const { top, width } = useListBox(list);
  const lanes = laneCount(width);
  const laneWidth = (width - GAP * (lanes - 1)) / lanes;
  // Sizes learned from loaded images, for items that came without one.
  const [learned, setLearned] = useState<ReadonlyMap<string, ImageSize>>(new Map());
  const sizeOf = (item: T) => imageSize(item) ?? learned.get(itemKey(item));

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    lanes,
    gap: GAP,
    overscan: OVERSCAN_ROWS,
    scrollMargin: top,
    getItemKey: (index) => itemKey(items[index]!),
    estimateSize: (index) => pictureHeight(sizeOf(items[index]!), laneWidth) + footerHeight,
  });
  // The layout is computed, not measured: when the lane width or a learned size changes, lay out again.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, laneWidth, learned]);

  const learn = useCallback(
    (key: string, size: ImageSize) =>
      setLearned((old) => {
        const known = old.get(key);
        if (known && known.width === size.width && known.height === size.height) return old;
        return new Map(old).set(key, size);
      }),
    [],
  );

  const cards = virtualizer.getVirtualItems();
  const lastIndex = cards.at(-1)?.index ?? -1;
  useEffect(() => {
    if (items.length > 0 && lastIndex >= items.length - 1) onEndReached?.();
  }, [lastIndex, items.length, onEndReached]);

  useFocusRequest(focusRequest, list, items, itemKey, (index) => virtualizer.scrollToIndex(index, { align: 'center' }));

  return (
    <ul
      ref={list}
      className="masonry"
      role="list"
      aria-label={label}
      data-testid={testId}
      data-lanes={lanes}
      style={{ height: virtualizer.getTotalSize() }}
    >
      {cards.map((card) => {
        const item = items[card.index]!;
        const key = itemKey(item);
        return (
          <li
            key={key}
            className="masonry-cell"
            data-masonry-key={key}
            style={{
              width: laneWidth,
              height: card.size,
              transform: `translate(${card.lane * (laneWidth + GAP)}px, ${card.start - virtualizer.options.scrollMargin}px)`,
            }}
          >
            {renderCard({
              item,
              index: card.index,
              picture: { width: laneWidth, height: card.size - footerHeight },
              onNaturalSize: (size) => imageSize(item) === undefined && learn(key, size),
            })}
          </li>
        );
      })}
    </ul>
  );
}

/** Focus a control of a card that may be scrolled out of the DOM: scroll to it, wait for it to render, focus. */
function useFocusRequest<T>(
  request: MasonryFocusRequest | undefined,
  list: RefObject<HTMLElement | null>,
  items: readonly T[],
  itemKey: (item: T) => string,
  scrollTo: (index: number) => void,
) {
  useEffect(() => {
    if (!request) return;
    const index = items.findIndex((item) => itemKey(item) === request.key);
    if (index < 0) return;
    let frame = 0;
    const attempt = (left: number) => {
      const cell = [...(list.current?.querySelectorAll<HTMLElement>('[data-masonry-key]') ?? [])].find(
        (element) => element.dataset.masonryKey === request.key,
      );
      const control = cell?.querySelector<HTMLElement>(request.selector) ?? cell?.querySelector<HTMLElement>('button');
      if (control) return control.focus();
      if (left === FOCUS_ATTEMPTS) scrollTo(index);
      if (left > 0) frame = requestAnimationFrame(() => attempt(left - 1));
    };
    attempt(FOCUS_ATTEMPTS);
    return () => cancelAnimationFrame(frame);
    // Only a new request moves focus; later renders of the grid must not.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);
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
