import { describe, expect, it } from 'vitest';
import { parseRegionParam, pixelBox, regionParam } from './index';

describe('image regions', () => {
  it('rounds a region outwards to whole pixels inside the image', () => {
    expect(pixelBox({ left: 0.333, top: 0.5, width: 0.334, height: 0.5 }, { width: 10, height: 10 })).toEqual({
      left: 3,
      top: 5,
      width: 4,
      height: 5,
    });
    expect(pixelBox({ left: 0.9, top: 0, width: 0.1000001, height: 1 }, { width: 10, height: 10 })).toEqual({
      left: 9,
      top: 0,
      width: 1,
      height: 10,
    });
  });

  it('travels as one query parameter and back', () => {
    const region = { left: 0.2, top: 0.25, width: 0.6, height: 0.5 };
    expect(regionParam(region)).toBe('0.2,0.25,0.6,0.5');
    expect(parseRegionParam(regionParam(region))).toEqual({ region });
    expect(parseRegionParam('0.5,0,0.6,1')).toMatchObject({ error: expect.stringContaining('inside the image') });
  });
});
