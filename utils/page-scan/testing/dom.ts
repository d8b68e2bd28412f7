/**
 * Test-only geometry for happy-dom (which does no layout). Sizes come from
 * attributes on the elements:
 * - `data-box="300x200"`: rendered box (default 0 × 0);
 * - `data-natural="800x600"`: the <img> has loaded with that natural size
 *   (`data-current="url"` sets currentSrc; default: the resolved src);
 * - `data-loading`: the <img> is still to load (downloading, or lazy and far from the viewport);
 * - `data-top="1200"`: top of the box in the document (default 0);
 * - `data-computed-bg='url("…")'`: the computed background-image.
 * Not exported from the library index.
 */
import type { Geometry } from '../geometry';
import type { Size } from '../types';

function parseSize(v: string | null): Size | null {
  const m = v ? /^(\d+(?:\.\d+)?)x(\d+(?:\.\d+)?)$/.exec(v.trim()) : null;
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
}

export interface TestGeometry extends Geometry {
  calls: { box: number; loaded: number; currentSrc: number; backgroundImage: number };
  styled: Element[];
}

export function testGeometry(matchingMedia: readonly string[] = []): TestGeometry {
  const g: TestGeometry = {
    calls: { box: 0, loaded: 0, currentSrc: 0, backgroundImage: 0 },
    styled: [],
    box(el) {
      g.calls.box++;
      return parseSize(el.getAttribute('data-box')) ?? { width: 0, height: 0 };
    },
    loaded(img) {
      g.calls.loaded++;
      return parseSize(img.getAttribute('data-natural'));
    },
    loading(img) {
      return img.hasAttribute('data-loading');
    },
    placedBox(img) {
      // Counted as a size read for an img (its box), not when only a passing background's top is asked.
      if (img.localName === 'img') g.calls.box++;
      return {
        ...(parseSize(img.getAttribute('data-box')) ?? { width: 0, height: 0 }),
        top: Number(img.getAttribute('data-top') ?? 0),
      };
    },
    currentSrc(img) {
      g.calls.currentSrc++;
      const cur = img.getAttribute('data-current') ?? img.getAttribute('src') ?? '';
      return new URL(cur, img.ownerDocument.baseURI).href;
    },
    backgroundImage(el) {
      g.calls.backgroundImage++;
      g.styled.push(el);
      return el.getAttribute('data-computed-bg') ?? 'none';
    },
    mediaMatches(q) {
      return matchingMedia.includes(q.trim());
    },
  };
  return g;
}
