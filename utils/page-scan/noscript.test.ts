// @vitest-environment happy-dom
// Placeholders whose real picture is in a <noscript>: Medium-style previews, next/image.
import { beforeEach, describe, expect, it } from 'vitest';
import { scan, setPage } from './testing/page';

const GIF = 'data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7';

/** A `<noscript>` as Chromium builds it with scripting on: its markup is text, not elements. */
function noscriptText(id: string, markup: string) {
  const noscript = document.createElement('noscript');
  noscript.textContent = markup;
  document.getElementById(id)!.append(noscript);
}

beforeEach(() => setPage(''));

describe('<noscript> pictures', () => {
  it('offers the largest noscript candidate instead of a blurred Medium-style preview, resolved against the page', () => {
    const { urls, records } = scan(
      '<figure id="fig"><div><img class="progressiveMedia-thumbnail" src="https://cdn.test/max/60/photo.jpeg" ' +
        'data-box="700x466" data-natural="60x40" style="filter: blur(20px)"></div>' +
        '<noscript><img src="https://cdn.test/max/1400/photo.jpeg" ' +
        'srcset="https://cdn.test/max/700/photo.jpeg 700w, /max/2000/photo.jpeg 2000w"></noscript></figure>',
    );
    expect(urls).toEqual(['https://shop.test/max/2000/photo.jpeg']);
    expect(records[0]).toMatchObject({ source: 'noscript', renderedWidth: 700 });
  });

  it('reads the noscript as text (scripting on) without running or inserting it: next/image’s 1×1 GIF', () => {
    setPage('');
    const { scanner } = scan(
      '<span id="wrap"><img alt="Sofa" data-nimg="responsive" src="' + GIF + '" data-box="800x600"></span>',
    );
    noscriptText(
      'wrap',
      '<img alt="Sofa" src="/_next/image?url=%2Fsofa.jpg&w=3840&q=75" data-nimg="responsive" ' +
        'srcset="/_next/image?url=%2Fsofa.jpg&w=640&q=75 640w, /_next/image?url=%2Fsofa.jpg&w=1920&q=75 1920w" ' +
        'onerror="window.__ran = true"><script>window.__ran = true</script>',
    );
    const nodesBefore = document.querySelectorAll('*').length;
    const delta = scanner.scanRoot();
    expect(delta.added.map((r) => [r.url, r.source, r.alt])).toEqual([
      ['https://shop.test/_next/image?url=%2Fsofa.jpg&w=1920&q=75', 'noscript', 'Sofa'],
    ]);
    expect((window as unknown as { __ran?: boolean }).__ran).toBeUndefined();
    expect(document.querySelectorAll('*').length).toBe(nodesBefore);
  });

  it('leaves a real image alone, and a placeholder with no noscript beside it stays unlisted', () => {
    const { urls } = scan(
      '<figure><img src="/img/real.jpg" data-box="600x400" data-natural="1200x800">' +
        '<noscript><img src="/img/other.jpg"></noscript></figure>' +
        '<div><img src="' +
        GIF +
        '" data-box="600x400"></div>',
    );
    expect(urls).toEqual(['https://shop.test/img/real.jpg']);
  });

  it('finds a blurred preview’s noscript picture in a shadow tree, which the document’s own list of noscripts does not show', () => {
    const { scanner } = scan('<div id="host"></div>');
    const root = document.getElementById('host')!.attachShadow({ mode: 'open' });
    // Still loading, so only its blur says it is a preview; the page's light tree has no <noscript>.
    root.innerHTML =
      '<figure><img class="blur-up" src="https://cdn.test/max/60/chair.jpeg" data-box="700x466" data-loading>' +
      '<noscript><img src="https://cdn.test/max/1400/chair.jpeg"></noscript></figure>';
    expect(document.getElementsByTagName('noscript')).toHaveLength(0);
    const delta = scanner.scanRoot();
    expect(delta.added.map((r) => [r.url, r.source])).toEqual([['https://cdn.test/max/1400/chair.jpeg', 'noscript']]);
  });
});
