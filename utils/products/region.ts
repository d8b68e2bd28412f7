import type { ImageRegion } from '../contract';

/**
 * The search box over an image, in fractions of its width and height: what pointer drags and
 * arrow keys do to it. Pure functions; the panel's RegionPicker draws the result.
 */

/** The smallest box, as a fraction of each side: anything smaller holds too little to search. */
export const MIN_REGION = 0.05;
/** How far one arrow-key press moves or resizes the box. */
export const KEY_STEP = 0.02;
/** The automatic region: the middle of the image, where a photo's subject usually is. */
export const CENTRE_REGION: ImageRegion = { left: 0.2, top: 0.2, width: 0.6, height: 0.6 };

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const round = (value: number) => Math.round(value * 1e4) / 1e4;
const rounded = (r: ImageRegion): ImageRegion => ({
  left: round(r.left),
  top: round(r.top),
  width: round(r.width),
  height: round(r.height),
});

/** The box two points span (a drag from `a` to `b`, in fractions), at least MIN_REGION each way, inside the image. */
export function regionBetween(a: { x: number; y: number }, b: { x: number; y: number }): ImageRegion {
  const width = Math.max(MIN_REGION, Math.abs(b.x - a.x));
  const height = Math.max(MIN_REGION, Math.abs(b.y - a.y));
  return rounded({
    left: clamp(Math.min(a.x, b.x), 0, 1 - width),
    top: clamp(Math.min(a.y, b.y), 0, 1 - height),
    width: Math.min(1, width),
    height: Math.min(1, height),
  });
}

/** The box moved by (dx, dy), stopping at the image's edges. */
export function moveRegion(r: ImageRegion, dx: number, dy: number): ImageRegion {
  return rounded({ ...r, left: clamp(r.left + dx, 0, 1 - r.width), top: clamp(r.top + dy, 0, 1 - r.height) });
}

/** The box with its right and bottom edges moved by (dw, dh): never below MIN_REGION, never past the edges. */
export function resizeRegion(r: ImageRegion, dw: number, dh: number): ImageRegion {
  return rounded({
    ...r,
    width: clamp(r.width + dw, MIN_REGION, 1 - r.left),
    height: clamp(r.height + dh, MIN_REGION, 1 - r.top),
  });
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/** What an arrow key does to the box: moves it, or with Shift resizes it. Undefined for other keys. */
export function regionAfterKey(r: ImageRegion, key: string, shift: boolean): ImageRegion | undefined {
  const direction = ARROWS[key];
  if (!direction) return undefined;
  const [x, y] = direction;
  return shift ? resizeRegion(r, x * KEY_STEP, y * KEY_STEP) : moveRegion(r, x * KEY_STEP, y * KEY_STEP);
}

/** Percentages for people: "25% from the left, 10% from the top, 50% wide, 60% tall". */
export const percent = (fraction: number) => `${Math.round(fraction * 100)}%`;
