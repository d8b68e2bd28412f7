import { describe, expect, it } from 'vitest';
import { laneCount, pictureHeight } from './Masonry';

describe('masonry layout', () => {
  it('a picture is as tall as its image’s shape asks, in the lane’s width', () => {
    expect(pictureHeight({ width: 400, height: 500 }, 200)).toBe(250);
    expect(pictureHeight({ width: 1600, height: 900 }, 320)).toBe(180);
    expect(pictureHeight({ width: 300, height: 600 }, 180)).toBe(360);
  });

  it('an unknown size starts square; extreme shapes are kept usable (at least 96 px, at most 3 lanes tall)', () => {
    expect(pictureHeight(undefined, 180)).toBe(180);
    expect(pictureHeight({ width: 0, height: 10 }, 180)).toBe(180);
    expect(pictureHeight({ width: 2000, height: 100 }, 180)).toBe(96);
    expect(pictureHeight({ width: 100, height: 2000 }, 180)).toBe(540);
  });

  it('two lanes in a side panel, more as it widens', () => {
    expect(laneCount(300)).toBe(2);
    expect(laneCount(420)).toBe(2);
    expect(laneCount(500)).toBe(3);
    expect(laneCount(800)).toBe(5);
  });
});
