/**
 * Any other shop: its sitemaps (the `Sitemap:` lines of robots.txt, else
 * /sitemap.xml; sitemap indexes followed; gzip undone), then each page they
 * list that robots.txt lets Loupe read, kept when it sells a product. Its
 * `Crawl-delay` slows the crawl down when it asks for more than the setting.
 */
import { gunzipSync } from 'node:zlib';
import { XMLParser } from 'fast-xml-parser';
import robotsParser from 'robots-parser';
import { ROBOTS_AGENT } from '../settings';
import { productOfPage } from './product-page';
import { type ShopReadContext, type ShopReader, textOf } from './types';

/** Sitemaps read at most (an index may list many), and how deep indexes nest. */
const MAX_SITEMAPS = 50;
const MAX_SITEMAP_DEPTH = 3;
/** A sitemap holds at most 50,000 URLs and 50 MB (sitemaps.org): the same bound unpacked. */
const MAX_SITEMAP_BYTES = 50 * 1024 * 1024;
const MAX_PAGE_BYTES = 4 * 1024 * 1024;

type Robots = ReturnType<typeof robotsParser>;

export const readSitemap: ShopReader = async function* (context) {
  const robots = await readRobots(context);
  context.fetcher.honourCrawlDelay(context.origin, robots.getCrawlDelay(ROBOTS_AGENT));
  const allowed = (url: string) => robots.isAllowed(url, ROBOTS_AGENT) !== false;
  const pages = await pageUrls(context, robots, allowed);
  // Pages that sell nothing are read too: visit a bounded number more than the cap.
  const visits = pages.slice(0, context.maxProducts * 2);
  context.onTotal(Math.min(visits.length, context.maxProducts));
  let found = 0;
  for (const url of visits) {
    let held: { product: ReturnType<typeof productOfPage> } | undefined;
    try {
      held = await context.pages.read(url, { accept: 'text/html', maxBytes: MAX_PAGE_BYTES }, (response) => ({
        product: productOfPage(textOf(response.bytes), response.url),
      }));
    } catch {
      continue; // one broken page does not stop the shop
    }
    if (!held?.product) continue;
    yield held.product;
    if (++found >= context.maxProducts) return;
  }
};

async function readRobots(context: ShopReadContext): Promise<Robots> {
  const url = `${context.origin}/robots.txt`;
  try {
    const response = await context.fetcher.fetch(url, { accept: 'text/plain', maxBytes: 512 * 1024 });
    return robotsParser(url, textOf(response.bytes));
  } catch {
    return robotsParser(url, ''); // no robots.txt: nothing is disallowed
  }
}

const xml = new XMLParser({
  ignoreAttributes: true,
  processEntities: true,
  isArray: (name) => name === 'url' || name === 'sitemap',
});

/** The same-origin pages the shop's sitemaps list, in order, each once. */
async function pageUrls(
  context: ShopReadContext,
  robots: Robots,
  allowed: (url: string) => boolean,
): Promise<string[]> {
  const sameShop = (url: string) => {
    try {
      return new URL(url).origin === context.origin;
    } catch {
      return false;
    }
  };
  const declared = robots.getSitemaps().filter(sameShop);
  const queue = (declared.length > 0 ? declared : [`${context.origin}/sitemap.xml`]).map((url) => ({ url, depth: 0 }));
  const visited = new Set<string>();
  const pages = new Set<string>();
  while (queue.length > 0 && visited.size < MAX_SITEMAPS && pages.size < context.maxProducts * 2) {
    const { url, depth } = queue.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    let listed: { sitemaps: string[]; pages: string[] } | undefined;
    try {
      listed = await context.pages.read(url, { accept: 'application/xml', maxBytes: MAX_SITEMAP_BYTES }, (response) =>
        sitemapEntries(response.bytes),
      );
    } catch {
      continue;
    }
    if (!listed) continue;
    if (depth < MAX_SITEMAP_DEPTH)
      for (const child of listed.sitemaps) if (sameShop(child)) queue.push({ url: child, depth: depth + 1 });
    for (const page of listed.pages) if (sameShop(page) && allowed(page)) pages.add(page);
  }
  return [...pages];
}

/** A sitemap or sitemap index, gzipped or not. */
export function sitemapEntries(bytes: Uint8Array): { sitemaps: string[]; pages: string[] } {
  const gzipped = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const text = textOf(gzipped ? gunzipSync(bytes, { maxOutputLength: MAX_SITEMAP_BYTES }) : bytes);
  let doc: { sitemapindex?: { sitemap?: { loc?: unknown }[] }; urlset?: { url?: { loc?: unknown }[] } };
  try {
    doc = xml.parse(text) as typeof doc;
  } catch {
    return { sitemaps: [], pages: [] };
  }
  const locs = (entries: { loc?: unknown }[] | undefined) =>
    (entries ?? []).map((entry) => (typeof entry.loc === 'string' ? entry.loc.trim() : '')).filter(Boolean);
  return { sitemaps: locs(doc.sitemapindex?.sitemap), pages: locs(doc.urlset?.url) };
}
