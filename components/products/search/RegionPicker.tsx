import { type PointerEvent as ReactPointerEvent, useId, useRef, useState } from 'react';
import type { ImageRegion } from '@/utils/contract';
import { moveRegion, percent, regionAfterKey, regionBetween, resizeRegion } from '@/utils/products/region';
import { i18n } from '#i18n';

/** What a pointer drag is doing: drawing a new box, moving the box, or resizing it from its corner handle. */
type Drag =
  | { kind: 'draw'; from: { x: number; y: number } }
  | { kind: 'move' | 'resize'; from: { x: number; y: number }; start: ImageRegion };

/**
 * A box over the image, to search only that part of it. Pointer events serve mouse, pen and touch
 * alike (the picture does not scroll under a finger while drawing): drag on the image to draw a box,
 * drag the box to move it, drag its corner to resize it. The box takes focus: arrow keys move it,
 * Shift + arrow keys resize it.
 */
export function RegionPicker({
  imageUrl,
  alt,
  region,
  onChange,
}: {
  imageUrl: string;
  alt: string;
  region: ImageRegion;
  onChange: (region: ImageRegion) => void;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const [drag, setDrag] = useState<Drag>();
  const hintId = useId();

  /** The pointer's position in fractions of the picture, clamped to it. */
  const pointAt = (event: ReactPointerEvent) => {
    const box = frame.current!.getBoundingClientRect();
    const clamp = (value: number) => Math.min(1, Math.max(0, value));
    return { x: clamp((event.clientX - box.left) / box.width), y: clamp((event.clientY - box.top) / box.height) };
  };

  const start = (event: ReactPointerEvent, kind: Drag['kind']) => {
    event.preventDefault();
    event.stopPropagation();
    frame.current!.setPointerCapture(event.pointerId);
    const from = pointAt(event);
    setDrag(kind === 'draw' ? { kind, from } : { kind, from, start: region });
    if (kind === 'draw') onChange(regionBetween(from, from));
  };

  const follow = (event: ReactPointerEvent) => {
    if (!drag) return;
    const at = pointAt(event);
    if (drag.kind === 'draw') onChange(regionBetween(drag.from, at));
    else if (drag.kind === 'move') onChange(moveRegion(drag.start, at.x - drag.from.x, at.y - drag.from.y));
    else onChange(resizeRegion(drag.start, at.x - drag.from.x, at.y - drag.from.y));
  };

  const described = i18n.t('sidepanel.search.region.describe', [
    percent(region.left),
    percent(region.top),
    percent(region.width),
    percent(region.height),
  ]);

  return (
    <div className="stack tight">
      <div
        ref={frame}
        className="region-picker"
        data-testid="region-picker"
        onPointerDown={(event) => start(event, 'draw')}
        onPointerMove={follow}
        onPointerUp={() => setDrag(undefined)}
        onPointerCancel={() => setDrag(undefined)}
      >
        <img src={imageUrl} alt={alt} draggable={false} />
        <div
          className="region-box"
          data-testid="region-box"
          data-region={JSON.stringify(region)}
          tabIndex={0}
          role="group"
          aria-roledescription={i18n.t('sidepanel.search.region.roleDescription')}
          aria-label={i18n.t('sidepanel.search.region.roleDescription')}
          aria-describedby={hintId}
          style={{
            left: percent(region.left),
            top: percent(region.top),
            width: percent(region.width),
            height: percent(region.height),
          }}
          onPointerDown={(event) => start(event, 'move')}
          onKeyDown={(event) => {
            const next = regionAfterKey(region, event.key, event.shiftKey);
            if (!next) return;
            event.preventDefault();
            onChange(next);
          }}
        >
          <span className="region-handle" aria-hidden="true" onPointerDown={(event) => start(event, 'resize')} />
        </div>
      </div>
      <p id={hintId} className="muted small">
        {i18n.t('sidepanel.search.region.hint')}
      </p>
      {/* Where the box is, said after each move (not during a drag: that would chatter). */}
      <p className="visually-hidden" aria-live="polite" data-testid="region-position">
        {drag ? '' : described}
      </p>
    </div>
  );
}
