// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { AREA_ATTRIBUTES, AREA_TAGS, placementReader } from './placement';
import type { PageAreas } from './placement';

/** The areas a root pass knows: its query's elements with an area attribute, and every element's tag from its walk. */
function walkedAreas(): PageAreas {
  return new Set([
    ...Array.from(document.querySelectorAll(AREA_ATTRIBUTES)),
    ...Array.from(document.querySelectorAll('*')).filter((el) => AREA_TAGS.split(' ').includes(el.localName)),
  ]);
}

/** Each case is read both ways: by attributes (incremental passes) and by what a root pass knows. */
function placeAll(html: string, byPass: boolean): Record<string, string> {
  document.body.innerHTML = html;
  const placementOf = placementReader(byPass ? walkedAreas() : undefined);
  return Object.fromEntries(Array.from(document.querySelectorAll('img'), (img) => [img.id, placementOf(img)]));
}

describe.each([
  ['by attributes', false],
  ['by the areas a root pass knows', true],
])('placementReader, %s', (_, byPass) => {
  it('places by the nearest area, the same for images that share their ancestors', () => {
    expect(
      placeAll(
        '<header><img id="masthead" src="/m.jpg"></header>' +
          '<main><article><header><img id="lead" src="/lead.jpg"></header>' +
          '<ul><li><img id="a" src="/a.jpg"></li><li><img id="b" src="/b.jpg"></li></ul>' +
          '<aside><header><img id="related" src="/r.jpg"></header></aside></article></main>' +
          '<div><img id="loose" src="/l.jpg"></div><nav><img id="menu" src="/n.jpg"></nav>' +
          '<footer><img id="foot" src="/f.jpg"></footer>',
        byPass,
      ),
    ).toEqual({
      masthead: 'chrome',
      lead: 'main',
      a: 'main',
      b: 'main',
      related: 'chrome',
      loose: 'other',
      menu: 'chrome',
      foot: 'chrome',
    });
  });

  it('counts an element as its own area (a gallery class on the image), and roles as areas', () => {
    expect(
      placeAll(
        '<div role="navigation"><img id="nav" src="/n.jpg"><img id="own" class="gallery-item" src="/g.jpg"></div>' +
          '<div role="main"><img id="main" src="/x.jpg"></div><div class="product-carousel"><img id="slide" src="/s.jpg"></div>',
        byPass,
      ),
    ).toEqual({ nav: 'chrome', own: 'main', main: 'main', slide: 'main' });
  });

  it('calls a logo, an avatar or a share icon chrome by its class or id, wherever it is', () => {
    // Its alt text and file name are the ranking's to read (rank.test.ts): the record carries them.
    expect(
      placeAll(
        '<main><img id="site-logo" src="/brand/mark.svg"><img id="avatar" class="author-photo" src="/p.jpg">' +
          '<img id="share" class="btn social-share" src="/s.png"><img id="photo" class="product-photo" src="/c.jpg">' +
          '<img id="named" alt="Company logo" src="/brand/logo.svg"></main>',
        byPass,
      ),
    ).toEqual({ 'site-logo': 'chrome', avatar: 'chrome', share: 'chrome', photo: 'main', named: 'main' });
  });
});

describe('placementReader in a shadow tree', () => {
  it('finds areas inside the shadow tree, which a document query does not see', () => {
    document.body.innerHTML = '<div id="host"></div><p>no areas in the light tree</p>';
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<article><img id="inside" src="/a.jpg"></article><nav><img id="menu" src="/m.jpg"></nav>';
    const placementOf = placementReader(walkedAreas());
    expect(placementOf(root.getElementById('inside')!, true)).toBe('main');
    expect(placementOf(root.getElementById('menu')!, true)).toBe('chrome');
  });
});
