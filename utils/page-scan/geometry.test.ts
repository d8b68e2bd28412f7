// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { domGeometry, sampledPlaces } from './geometry';
import type { Geometry } from './geometry';

/** An element whose layout reads are counted: each one is a call into the browser's layout. */
function countedElement(width: number | undefined, height: number | undefined) {
  const reads = { offsetWidth: 0, offsetHeight: 0, rect: 0 };
  const el = {
    get offsetWidth() {
      reads.offsetWidth++;
      return width;
    },
    get offsetHeight() {
      reads.offsetHeight++;
      return height;
    },
    getBoundingClientRect() {
      reads.rect++;
      return { width: 30, height: 40, top: 5 };
    },
  } as unknown as Element;
  return { el, reads };
}

describe('domGeometry', () => {
  it('reads an HTML element’s box with one read per side (each read is a call into layout)', () => {
    const { el, reads } = countedElement(300, 200);
    expect(domGeometry().box(el)).toEqual({ width: 300, height: 200 });
    expect(reads).toEqual({ offsetWidth: 1, offsetHeight: 1, rect: 0 });
  });

  it('reads an SVG element’s box from its bounding rectangle (it has no offset box)', () => {
    const { el, reads } = countedElement(undefined, undefined);
    expect(domGeometry().box(el)).toEqual({ width: 30, height: 40 });
    expect(reads).toEqual({ offsetWidth: 1, offsetHeight: 0, rect: 1 });
  });
});

describe('sampledPlaces', () => {
  /** A geometry whose element i sits at 100 × i px, counting its reads. */
  function countedGeometry() {
    const reads = { placed: 0, box: 0 };
    const top = (el: Element) => Number(el.id) * 100;
    const geo = {
      placedBox(el: Element) {
        reads.placed++;
        // A hidden element has no box, and getBoundingClientRect() puts it at the viewport's top.
        return (el as { hidden?: boolean }).hidden
          ? { width: 0, height: 0, top: 0 }
          : { width: 300, height: 200, top: top(el) };
      },
      box() {
        reads.box++;
        return { width: 300, height: 200 };
      },
    } as unknown as Geometry;
    return { geo, reads };
  }
  const img = (i: number) => ({ id: String(i) }) as Element;

  it('places a pass’s first 200 imgs, then one in 8; one in between takes the top last placed', () => {
    const { geo, reads } = countedGeometry();
    const place = sampledPlaces(geo);
    const tops = Array.from({ length: 264 }, (_, i) => place(img(i)).top);
    expect(tops.slice(0, 200)).toEqual(Array.from({ length: 200 }, (_, i) => i * 100));
    // The 208th img (index 207) is the first placed after them; those before it sit with the 200th.
    expect(tops.slice(199, 209)).toEqual([19900, 19900, 19900, 19900, 19900, 19900, 19900, 19900, 20700, 20700]);
    expect(tops[263]).toBe(26300);
    expect(reads).toEqual({ placed: 208, box: 56 });
  });

  it('an img placed while hidden does not move its neighbours to the top of the page', () => {
    const { geo } = countedGeometry();
    const place = sampledPlaces(geo);
    const tops = Array.from(
      { length: 216 },
      (_, i) => place(i === 207 ? ({ id: '207', hidden: true } as unknown as Element) : img(i)).top,
    );
    expect(tops[207]).toBe(0);
    expect(tops.slice(208, 215)).toEqual(Array(7).fill(19900));
    expect(tops[215]).toBe(21500);
  });

  it('starts again with each pass', () => {
    const { geo } = countedGeometry();
    const first = sampledPlaces(geo);
    for (let i = 0; i < 300; i++) first(img(i));
    expect(sampledPlaces(geo)(img(250)).top).toBe(25000);
  });
});
