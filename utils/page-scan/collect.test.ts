// @vitest-environment happy-dom
// Walking the DOM: what is measured, what is pruned, open shadow roots, added subtrees.
import { beforeEach, describe, expect, it } from 'vitest';
import { testGeometry } from './testing/dom';
import { big, scan, setPage, TestScanner } from './testing/page';

beforeEach(() => setPage(''));

describe('CSS backgrounds', () => {
  it('skips the subtrees of small or hidden elements (menus cannot exhaust the budget)', () => {
    const menu = Array.from(
      { length: 20 },
      (_, i) =>
        `<li data-box="110x30"><a href="/c/${i}"><span>Category ${i}</span></a><div class="panel"><a href="/c/${i}/x">Sub</a></div></li>`,
    ).join('');
    setPage(
      `<nav><ul>${menu}</ul></nav><div class="hero" data-box="1200x400" data-computed-bg='url("/hero.jpg")'><h1>Sale</h1></div>`,
    );
    const geometry = testGeometry();
    const scanner = new TestScanner({ geometry, maxBoxChecks: 25 });
    scanner.scanRoot();
    expect(scanner.records().map((r) => r.url)).toEqual(['https://shop.test/hero.jpg']);
    expect(geometry.calls.box).toBe(21); // 20 menu items + the hero; nothing inside the items
  });

  it('takes an element with its background in several attributes once (inline style, data-bg, data-background-image)', () => {
    setPage(
      `<div style="background-image: url(/style.jpg)" data-bg="/lazy.jpg" data-background-image="/lazy-2.jpg" data-box="800x400"></div>`,
    );
    const geometry = testGeometry();
    const scanner = new TestScanner({ geometry });
    scanner.scanRoot();
    expect(scanner.records().map((r) => r.url)).toEqual(['https://shop.test/style.jpg']);
    expect(geometry.calls.box).toBe(1);
  });

  it('does not prune inside a wide zero-height container (floats)', () => {
    const { urls } = scan(
      `<div data-box="1200x0"><div data-box="600x400" data-computed-bg='url("/float-bg.jpg")'></div></div>`,
    );
    expect(urls).toEqual(['https://shop.test/float-bg.jpg']);
  });
});

describe('other sources', () => {
  it('open shadow roots, nested, with a link outside the shadow tree', () => {
    setPage('<a href="/look"><div id="host"></div></a>');
    const host = document.getElementById('host')!;
    const sr = host.attachShadow({ mode: 'open' });
    sr.innerHTML = `<img src="/shadow-1.jpg" ${big}><div id="inner"></div>`;
    const inner = sr.getElementById('inner')!.attachShadow({ mode: 'open' });
    inner.innerHTML = `<img src="/shadow-2.jpg" ${big}>`;
    const seen: ShadowRoot[] = [];
    const scanner = new TestScanner({ geometry: testGeometry() });
    scanner.onShadowRoot = (r) => seen.push(r);
    scanner.scanRoot();
    expect(scanner.records().map((r) => [r.url, r.inShadowRoot, r.linkUrl])).toEqual([
      ['https://shop.test/shadow-1.jpg', true, 'https://shop.test/look'],
      ['https://shop.test/shadow-2.jpg', true, 'https://shop.test/look'],
    ]);
    expect(seen).toEqual([sr, inner]);
  });
  it('finds the shadow roots of custom elements and of every element the DOM standard lets host one', () => {
    const hosts = 'article aside blockquote body div footer h1 h2 h3 h4 h5 h6 header main nav p section span'.split(
      ' ',
    );
    setPage('<main id="page"></main>');
    const page = document.getElementById('page')!;
    for (const tag of ['product-card', ...hosts.filter((t) => t !== 'body' && t !== 'main')]) {
      const host = document.createElement(tag);
      page.append(host);
      host.attachShadow({ mode: 'open' }).innerHTML = `<img src="/in-${tag}.jpg" ${big}>`;
    }
    page.attachShadow({ mode: 'open' }).innerHTML = `<slot></slot><img src="/in-main.jpg" ${big}>`;
    const scanner = new TestScanner({ geometry: testGeometry() });
    scanner.scanRoot();
    const urls = scanner.records().map((r) => r.url.replace('https://shop.test/in-', ''));
    expect(urls.sort()).toEqual(['product-card', ...hosts.filter((t) => t !== 'body')].map((t) => `${t}.jpg`).sort());
  });
});

describe('incremental scans', () => {
  it('scanAdded touches only the added nodes and dedupes against earlier records', () => {
    const { scanner, geometry } = scan(`<div id="feed"><img src="/1.jpg" ${big}></div>`);
    const before = geometry.calls.box;
    const item = document.createElement('article');
    item.innerHTML = `<img src="/2.jpg" ${big}><img src="/1.jpg" data-box="100x100">`;
    document.getElementById('feed')!.append(item);
    const delta = scanner.scanAdded([item]);
    expect(delta.added.map((r) => r.url)).toEqual(['https://shop.test/2.jpg']);
    expect(delta.updated).toEqual([]);
    expect(geometry.calls.box - before).toBe(3); // the two new <img> and the <article> (a possible background)
    expect(scanner.records()).toHaveLength(2);
  });
});
