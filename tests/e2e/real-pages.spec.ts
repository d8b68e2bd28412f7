import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page, Route } from '@playwright/test';
import { parseHTML } from 'linkedom';
import sharp from 'sharp';
import { expect, test } from './fixtures';

/**
 * Saved real article pages (tests/pages/real/, its README says where each comes from): what the
 * side panel lists for each, judged against mozilla/readability's expected.html for the page, an
 * oracle nobody here wrote. Each page's `expected.json` holds that yield.
 *
 * Offline by construction: the page comes from the loopback static server, every image request
 * (the page's and the side panel's) is answered with a generated picture of the size the markup
 * declares, and every other request that would leave the machine is aborted.
 */

const REAL = path.resolve('tests/pages/real');

/** One image, by every URL it may be listed under (its src, then its srcset candidates). */
type ImageUrls = string | string[];

interface ExpectedYield {
  /** The images of readability's expected.html that pass Loupe's size rules: all listed. */
  article: ImageUrls[];
  /** Images of expected.html under the size rules (90 px on a side, 120 px on the long side): never listed. */
  tooSmall: ImageUrls[];
  /** Article figures expected.html leaves out: listed, anywhere in the list. */
  alsoArticle?: ImageUrls[];
  /** The page's other images (logos, avatars, header, related links): if listed, after every article image. */
  chrome: ImageUrls[];
  /** Tracking pixels: never listed. */
  beacons: string[];
  /** Sizes to serve where the markup says none or a wrong one (a CDN's size in the path, a 60 px preview). */
  servedSizes?: { pattern: string; width?: number; height?: number; why: string }[];
}

interface Size {
  width: number;
  height: number;
}

/** What an image whose size the markup does not state is served as. */
const UNDECLARED: Size = { width: 800, height: 600 };
const BEACON: Size = { width: 1, height: 1 };

/** The saved pages with an image yield (the product pages have none: real-pages.test.ts reads them). */
const pages = readdirSync(REAL).filter((name) => existsSync(path.join(REAL, name, 'expected.json')));

const urlsOf = (image: ImageUrls) => (typeof image === 'string' ? [image] : image);

/**
 * Every image URL the markup names, `<noscript>` content included, with the size it declares:
 * width/height attributes; a srcset `Nw` candidate N wide at the img's aspect (else 4:3); an `Nx`
 * candidate the declared size times N.
 */
function declaredSizes(html: string, pageUrl: string): Map<string, Size> {
  const { document } = parseHTML(html);
  const sizes = new Map<string, Size>();
  const note = (raw: string | null | undefined, size: Size | null) => {
    if (!raw?.trim() || !size) return;
    const url = new URL(raw.trim(), pageUrl).href;
    if (!sizes.has(url)) sizes.set(url, size);
  };
  for (const el of document.querySelectorAll('img, source')) {
    const img = el.localName === 'img' ? el : el.parentElement?.querySelector('img');
    const width = Number(img?.getAttribute('width'));
    const height = Number(img?.getAttribute('height'));
    const declared = width > 0 && height > 0 ? { width, height } : null;
    if (el.localName === 'img') note(el.getAttribute('src'), declared);
    for (const candidate of (el.getAttribute('srcset') ?? '').split(/,\s+/)) {
      const [raw, descriptor = ''] = candidate.trim().split(/\s+/);
      const w = /^(\d+)w$/.exec(descriptor);
      const x = /^(\d+(?:\.\d+)?)x$/.exec(descriptor);
      if (w) {
        const n = Number(w[1]);
        note(raw, { width: n, height: Math.round(n * (declared ? declared.height / declared.width : 3 / 4)) });
      } else if (x && declared) {
        const n = Number(x[1]);
        note(raw, { width: Math.round(declared.width * n), height: Math.round(declared.height * n) });
      } else note(raw, declared);
    }
  }
  return sizes;
}

/** The size to serve `url` at: the page's own rule, else what the markup declares, else 800 × 600. */
function servedSize(url: string, expected: ExpectedYield, declared: Map<string, Size>): Size {
  if (expected.beacons.includes(url)) return BEACON;
  for (const rule of expected.servedSizes ?? []) {
    const match = new RegExp(rule.pattern).exec(url);
    if (!match) continue;
    const width = rule.width ?? Number(match.groups?.width);
    const height = rule.height ?? Number(match.groups?.height ?? Math.round((width * 3) / 4));
    return { width, height };
  }
  return declared.get(url) ?? UNDECLARED;
}

const LOOPBACK = /^https?:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//;

const pictures = new Map<string, Promise<Buffer>>();
/** A plain PNG of `size` (cached: many URLs share a size). */
function picture({ width, height }: Size): Promise<Buffer> {
  const key = `${width}x${height}`;
  let png = pictures.get(key);
  if (!png) {
    png = sharp({ create: { width, height, channels: 3, background: { r: 176, g: 190, b: 197 } } })
      .png()
      .toBuffer();
    pictures.set(key, png);
  }
  return png;
}

/**
 * Answers every image request of the browser (the page's and the side panel's) with a generated
 * picture, lets the extension's files and loopback (the static site, the backend) through and
 * aborts everything else. Returns the way to stop.
 */
async function serveOffline(context: BrowserContext, sizeOf: (url: string) => Size) {
  const handler = async (route: Route) => {
    const request = route.request();
    const url = request.url();
    // The extension's own files, the static site and the backend stay as they are.
    if (!/^https?:/.test(url) || LOOPBACK.test(url)) return route.fallback();
    if (request.resourceType() === 'image')
      return route.fulfill({ status: 200, contentType: 'image/png', body: await picture(sizeOf(url)) });
    return route.abort('blockedbyclient');
  };
  await context.route('**/*', handler);
  return () => context.unroute('**/*', handler);
}

/** The This page list, in its order (its cards are in the DOM in list order). */
const listed = (panel: Page) =>
  panel
    .locator('[data-testid="page-image"]')
    .evaluateAll((cards) => cards.map((card) => card.getAttribute('data-src')!));

/**
 * Scrolls the page down a screen at a time, as a reader would, until every image of it has loaded.
 * Each screen stays a moment, for the browser to decide which lazy images to fetch; an image that
 * a busy machine scrolled past before that is brought into view again.
 */
async function readThrough(page: Page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let top = 0; top < height; top += 700) {
    await page.evaluate((y) => window.scrollTo(0, y), top);
    await page.waitForTimeout(50);
  }
  await expect
    .poll(() =>
      page.evaluate(async () => {
        const pending = [...document.images].filter((image) => !image.complete);
        for (const image of pending) {
          image.scrollIntoView({ block: 'center' });
          await new Promise((settled) => setTimeout(settled, 50));
        }
        return pending.length;
      }),
    )
    .toBe(0);
}

/** What is wrong with a list, by kind; every entry empty when the list is the page's expected yield. */
function verdict(list: string[], expected: ExpectedYield) {
  const position = (image: ImageUrls) => list.findIndex((url) => urlsOf(image).includes(url));
  const lastArticle = Math.max(-1, ...expected.article.map(position));
  const known = new Set([...expected.article, ...(expected.alsoArticle ?? []), ...expected.chrome].flatMap(urlsOf));
  return {
    missing: expected.article.filter((image) => position(image) < 0).map((image) => urlsOf(image)[0]),
    chromeBeforeArticle: expected.chrome.filter((image) => {
      const at = position(image);
      return at >= 0 && at < lastArticle;
    }),
    tooSmallListed: expected.tooSmall.filter((image) => position(image) >= 0),
    beaconsListed: expected.beacons.filter((url) => list.includes(url)),
    unknown: list.filter((url) => !known.has(url)),
  };
}
const ALL_RIGHT = { missing: [], chromeBeforeArticle: [], tooSmallListed: [], beaconsListed: [], unknown: [] };

for (const name of pages) {
  test(`real page ${name}: every article image of readability's expected.html listed, before the page's chrome; no beacon`, async ({
    page,
    extension,
    site,
    connectExtension,
  }) => {
    const expected = JSON.parse(readFileSync(path.join(REAL, name, 'expected.json'), 'utf8')) as ExpectedYield;
    const pageUrl = site.url(`real/${name}/page.html`);
    const declared = declaredSizes(readFileSync(path.join(REAL, name, 'page.html'), 'utf8'), pageUrl);
    await connectExtension();
    const stopServing = await serveOffline(extension.context, (url) => servedSize(url, expected, declared));
    try {
      await page.setViewportSize({ width: 1280, height: 720 });
      await page.goto(pageUrl, { waitUntil: 'load' });
      // Tall enough for every card to be in the DOM (the grid renders those near the viewport).
      const panel = await extension.openPanelFor(page, { viewport: { width: 1280, height: 6000 } });

      await expect.poll(async () => verdict(await listed(panel), expected), { timeout: 30_000 }).toEqual(ALL_RIGHT);
      // Read through, the lazy images load (at the size they declared): the list stays right.
      await readThrough(page);
      await expect.poll(async () => verdict(await listed(panel), expected)).toEqual(ALL_RIGHT);
      await panel.close();
    } finally {
      await stopServing();
    }
  });
}
