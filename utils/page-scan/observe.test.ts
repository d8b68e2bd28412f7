// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { observePage } from './observe';
import { TestScanner } from './testing/page';
import { testGeometry } from './testing/dom';
import type { ScanDelta } from './types';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('observePage', () => {
  it('feeds additions, attribute changes, shadow-root additions and removals to the scanner', async () => {
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL('https://feed.test/');
    document.body.innerHTML = '<ul id="feed"><li><img src="/1.jpg" data-box="300x300"></li></ul><div id="host"></div>';
    const host = document.getElementById('host')!;
    const sr = host.attachShadow({ mode: 'open' });
    sr.innerHTML = '<div id="inner"></div>';
    const scanner = new TestScanner({ geometry: testGeometry() });
    scanner.scanRoot();
    const deltas: ScanDelta[] = [];
    const stop = observePage(scanner, (d) => deltas.push(d), document, { delayMs: 5 });

    const li = document.createElement('li');
    li.innerHTML = '<img id="two" src="/blank.gif" data-src="/2.jpg" data-box="300x300">';
    document.getElementById('feed')!.append(li);
    await wait(30);
    expect(deltas.flatMap((d) => d.added.map((r) => [r.url, r.source]))).toEqual([['https://feed.test/2.jpg', 'lazy']]);

    const two = document.getElementById('two')!;
    two.setAttribute('data-natural', '600x600');
    two.setAttribute('src', '/2.jpg');
    await wait(30);
    expect(deltas.at(-1)?.updated.map((r) => [r.url, r.source])).toEqual([['https://feed.test/2.jpg', 'img']]);

    const inShadow = document.createElement('img');
    inShadow.setAttribute('src', '/3.jpg');
    inShadow.setAttribute('data-box', '300x300');
    sr.getElementById('inner')!.append(inShadow);
    await wait(30);
    expect(deltas.at(-1)?.added.map((r) => [r.url, r.inShadowRoot])).toEqual([['https://feed.test/3.jpg', true]]);

    li.remove();
    await wait(30);
    expect(deltas.at(-1)?.removed).toEqual(['https://feed.test/2.jpg']);
    expect(scanner.records().map((r) => r.url)).toEqual(['https://feed.test/1.jpg', 'https://feed.test/3.jpg']);

    stop();
    const late = document.createElement('img');
    late.setAttribute('src', '/4.jpg');
    late.setAttribute('data-box', '300x300');
    document.body.append(late);
    const count = deltas.length;
    await wait(30);
    expect(deltas).toHaveLength(count);
  });
});
