// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { domGeometry } from './geometry';

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
