// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { TestScanner } from './testing/page';
import { testGeometry } from './testing/dom';
import type { ImageRecord, ScanDelta } from './types';

const PAGE = 'https://shop.test/feed';

function setPage(body: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(PAGE);
  document.body.innerHTML = body;
}

/** A page of product cards, a few of them too small or duplicated, like a real feed. */
function feed(cards: number): string {
  return Array.from({ length: cards }, (_, i) => {
    const size = i % 10 === 9 ? '40x40' : '200x200';
    const src = i % 25 === 24 ? '/img/0.jpg' : `/img/${i}.jpg`;
    return `<li><a href="/p/${i}"><img src="${src}" alt="Product ${i}" data-box="${size}"></a><button>♥</button></li>`;
  }).join('');
}

/** A clock that advances 1 ms each time it is read: slices then end after a known amount of work. */
function tickingClock() {
  let t = 0;
  return () => t++;
}

/** Applies deltas the way the background does: upsert by URL, drop removed URLs. */
function applyDeltas(deltas: ScanDelta[]): Map<string, ImageRecord> {
  const byUrl = new Map<string, ImageRecord>();
  for (const d of deltas) {
    for (const r of [...d.added, ...d.updated]) byUrl.set(r.url, { ...r });
    for (const url of d.removed) byUrl.delete(url);
  }
  return byUrl;
}

describe('PageScanner.scanRootInSlices', () => {
  it('finds exactly what one pass finds, in several slices with the page running in between', async () => {
    setPage(feed(600));
    const whole = new TestScanner({ geometry: testGeometry() });
    whole.scanRoot();

    const sliced = new TestScanner({ geometry: testGeometry() });
    const deltas: ScanDelta[] = [];
    let yields = 0;
    const stats = await sliced.scanRootInSlices((d) => deltas.push(d), {
      sliceMs: 8,
      now: tickingClock(),
      yieldToPage: async () => void yields++,
    });

    expect(stats.complete).toBe(true);
    expect(stats.slices).toBeGreaterThan(1);
    expect(yields).toBe(stats.slices - 1);
    expect(deltas).toHaveLength(stats.slices);
    expect(stats.longestSliceMs).toBeLessThanOrEqual(8 + 1); // the clock ticks once more after the last chunk
    expect(sliced.records()).toEqual(whole.records());
    expect([...applyDeltas(deltas).values()].sort((a, b) => a.url.localeCompare(b.url))).toEqual(
      [...whole.records()].sort((a, b) => a.url.localeCompare(b.url)),
    );
    // 60 too small; 24 repeat /img/0.jpg, 12 of which are also too small.
    expect(sliced.records()).toHaveLength(600 - 60 - 12);
  });

  it('reports the first slice before the rest of the page is scanned', async () => {
    setPage(feed(300));
    const scanner = new TestScanner({ geometry: testGeometry() });
    const seenAtFirstDelta: number[] = [];
    await scanner.scanRootInSlices(() => seenAtFirstDelta.push(scanner.records().length), {
      sliceMs: 4,
      now: tickingClock(),
      yieldToPage: async () => {},
    });
    expect(seenAtFirstDelta[0]).toBeGreaterThan(0);
    expect(seenAtFirstDelta[0]).toBeLessThan(seenAtFirstDelta.at(-1)!);
  });

  it('stops between slices when aborted, and skips elements the page removed meanwhile', async () => {
    setPage(feed(1500));
    const scanner = new TestScanner({ geometry: testGeometry() });
    const controller = new AbortController();
    let slice = 0;
    const stats = await scanner.scanRootInSlices(() => {}, {
      sliceMs: 4,
      now: tickingClock(),
      signal: controller.signal,
      yieldToPage: async () => {
        slice++;
        if (slice === 1) document.querySelector('img[src="/img/150.jpg"]')!.closest('li')!.remove();
        if (slice === 5) controller.abort();
      },
    });
    expect(stats.complete).toBe(false);
    expect(stats.slices).toBe(5);
    expect(scanner.records().some((r) => r.url.endsWith('/img/150.jpg'))).toBe(false);
    expect(scanner.records().some((r) => r.url.endsWith('/img/148.jpg'))).toBe(true);
    expect(scanner.records().some((r) => r.url.endsWith('/img/1400.jpg'))).toBe(false);
  });

  it('does not duplicate images an incremental scan reached first', async () => {
    setPage(feed(200));
    const scanner = new TestScanner({ geometry: testGeometry() });
    const deltas: ScanDelta[] = [];
    await scanner.scanRootInSlices((d) => deltas.push(d), {
      sliceMs: 4,
      now: tickingClock(),
      yieldToPage: async () => {
        // The page grows while Loupe is still scanning; the observer hands the new card over.
        const li = document.createElement('li');
        li.innerHTML = `<img src="/img/new-${deltas.length}.jpg" data-box="300x300">`;
        document.body.append(li);
        deltas.push(scanner.scanAdded([li]));
        const last = document.querySelector('img[src="/img/150.jpg"]')!;
        deltas.push(scanner.scanAdded([last]));
      },
    });
    const urls = scanner.records().map((r) => r.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls).toContain('https://shop.test/img/150.jpg');
    expect(applyDeltas(deltas).size).toBe(urls.length);
  });

  it('places images by the areas its walk has passed, slice after slice, and an image added mid-pass by its own', async () => {
    // Areas open by tag and by attribute, far apart, so many slices pass between them.
    setPage(
      `<header><img id="logo" src="/img/logo.jpg" data-box="300x300"></header><ul>${feed(200)}</ul>` +
        `<main><article><ul>${feed(200).replaceAll('/img/', '/article/')}</ul></article></main>` +
        `<div class="product-gallery"><img src="/gallery/1.jpg" data-box="500x500"></div>` +
        `<footer><img src="/img/partner.jpg" data-box="300x300"></footer><section id="late"></section>`,
    );
    const scanner = new TestScanner({ geometry: testGeometry() });
    let added = false;
    const stats = await scanner.scanRootInSlices(() => {}, {
      sliceMs: 2, // a chunk per slice
      now: tickingClock(),
      yieldToPage: async () => {
        if (added) return;
        // Early in the pass, in a part of the page the walk has not reached: an article arrives.
        added = true;
        const late = document.getElementById('late')!;
        late.innerHTML = '<article><img src="/late/story.jpg" data-box="600x400"></article>';
        scanner.scanAdded([late.firstElementChild!]);
      },
    });
    expect(stats.slices).toBeGreaterThan(5);
    const placed = Object.fromEntries(scanner.records().map((r) => [new URL(r.url).pathname, r.placement]));
    expect(placed['/img/logo.jpg']).toBe('chrome');
    expect(placed['/img/3.jpg']).toBe('other');
    expect(placed['/article/3.jpg']).toBe('main');
    expect(placed['/article/198.jpg']).toBe('main');
    expect(placed['/gallery/1.jpg']).toBe('main');
    expect(placed['/img/partner.jpg']).toBe('chrome');
    expect(placed['/late/story.jpg']).toBe('main');
  });
});
