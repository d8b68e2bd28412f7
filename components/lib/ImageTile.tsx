import { type KeyboardEvent, type ReactNode, type Ref, useId, useRef, useState } from 'react';
import type { ImageSize } from './Masonry';
import { i18n } from '#i18n';

/**
 * An image-first card of the masonry grid: the picture fills the card, marks
 * that always matter (saved, not saveable, selected) sit on it, and actions
 * appear over it on hover and keyboard focus. The actions are always in the
 * DOM and the accessibility tree (only their opacity changes), so screen
 * readers and Tab reach them; on touch screens (no hover) they always show.
 */
export function ImageTile({
  src,
  alt,
  picture,
  onNaturalSize,
  marks,
  actions,
  children,
  className,
  ref,
  ...data
}: {
  src: string;
  alt: string;
  picture: ImageSize;
  onNaturalSize?: (size: ImageSize) => void;
  /** Always visible, over the top of the picture. */
  marks?: ReactNode;
  /** Visible on hover and focus, over the foot of the picture. */
  actions?: ReactNode;
  /** Anything else in the card (e.g. an invisible "open" button covering the picture). */
  children?: ReactNode;
  className?: string;
  ref?: Ref<HTMLElement>;
} & { [data: `data-${string}`]: string | number | boolean | undefined }) {
  return (
    <article ref={ref} className={`tile ${className ?? ''}`} {...data}>
      <img
        className="tile-picture"
        src={src}
        alt={alt}
        loading="lazy"
        decoding="async"
        width={Math.round(picture.width)}
        height={Math.round(picture.height)}
        style={{ width: picture.width, height: picture.height }}
        onLoad={(event) =>
          onNaturalSize?.({ width: event.currentTarget.naturalWidth, height: event.currentTarget.naturalHeight })
        }
      />
      {children}
      {marks && <div className="tile-marks">{marks}</div>}
      {actions && <div className="tile-actions">{actions}</div>}
    </article>
  );
}

/**
 * "More actions": a button that shows a short list of further actions (a
 * disclosure, not an ARIA menu: Tab moves through it as through any buttons).
 * Choosing an action or pressing Escape closes it and returns focus to its button.
 */
export function MoreMenu({ label, children }: { label: string; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const listId = useId();
  const close = () => {
    setOpen(false);
    button.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || !open) return;
    event.stopPropagation();
    close();
  };
  return (
    <div
      className="more-menu"
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        className="tile-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        data-control="more"
        onClick={() => setOpen((value) => !value)}
      >
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div
          id={listId}
          className="more-menu-list"
          role="group"
          aria-label={i18n.t('tile.moreActions')}
          onClick={(event) => (event.target as HTMLElement).closest('button, a') && close()}
        >
          {children}
        </div>
      )}
    </div>
  );
}
