import { describe, expect, it } from 'vitest';
import { ImageRegionSchema } from '../contract';
import { MIN_REGION, moveRegion, regionAfterKey, regionBetween, resizeRegion } from './region';

describe('the search box over an image', () => {
  it('spans a drag in any direction, and stays inside the image', () => {
    expect(regionBetween({ x: 0.6, y: 0.7 }, { x: 0.2, y: 0.1 })).toEqual({
      left: 0.2,
      top: 0.1,
      width: 0.4,
      height: 0.6,
    });
    // A click without a drag still gives a box big enough to search, pushed inside the edge.
    const click = regionBetween({ x: 0.99, y: 0.5 }, { x: 0.99, y: 0.5 });
    expect(click).toEqual({ left: 1 - MIN_REGION, top: 0.5, width: MIN_REGION, height: MIN_REGION });
    expect(ImageRegionSchema.safeParse(click).success).toBe(true);
  });

  it('moves and resizes without leaving the image or shrinking to nothing', () => {
    const box = { left: 0.5, top: 0.5, width: 0.3, height: 0.3 };
    expect(moveRegion(box, 0.5, -0.8)).toEqual({ left: 0.7, top: 0, width: 0.3, height: 0.3 });
    expect(resizeRegion(box, 0.5, -0.5)).toEqual({ left: 0.5, top: 0.5, width: 0.5, height: MIN_REGION });
  });

  it('answers the arrow keys: move, or resize with Shift; other keys are not its business', () => {
    const box = { left: 0.5, top: 0.5, width: 0.3, height: 0.3 };
    expect(regionAfterKey(box, 'ArrowLeft', false)).toEqual({ left: 0.48, top: 0.5, width: 0.3, height: 0.3 });
    expect(regionAfterKey(box, 'ArrowDown', false)).toEqual({ left: 0.5, top: 0.52, width: 0.3, height: 0.3 });
    expect(regionAfterKey(box, 'ArrowRight', true)).toEqual({ left: 0.5, top: 0.5, width: 0.32, height: 0.3 });
    expect(regionAfterKey(box, 'ArrowUp', true)).toEqual({ left: 0.5, top: 0.5, width: 0.3, height: 0.28 });
    expect(regionAfterKey(box, 'Enter', false)).toBeUndefined();
  });
});
