/**
 * A product page's product, read by the very parser the content script runs
 * on live pages (utils/page-scan/product): JSON-LD, microdata, OpenGraph. Here
 * it runs on the page's HTML text, parsed by linkedom (no scripts run).
 */
import { parseHTML } from 'linkedom';
import type { Product } from '../../../../utils/contract';
import { collectProductSources, productFromSources } from '../../../../utils/page-scan/product';
import { normaliseProduct } from '../../catalog';

/** The page's product in the catalogue's shape, or null when it sells none (or lacks a name, image or price). */
export function productOfPage(html: string, pageUrl: string): Product | null {
  const { document } = parseHTML(html);
  // linkedom has no address: give the document the one a browser would, so relative URLs resolve.
  const baseHref = document.querySelector('base[href]')?.getAttribute('href');
  const base = baseHref ? safeUrl(baseHref, pageUrl) : pageUrl;
  Object.defineProperty(document, 'URL', { value: pageUrl });
  Object.defineProperty(document, 'baseURI', { value: base });
  const record = productFromSources(collectProductSources(document as unknown as Document, pageUrl));
  if (!record) return null;
  const link = record.url ?? pageUrl;
  const normalised = normaliseProduct({
    sourceId: link,
    title: record.name ?? undefined,
    brand: record.brand ?? undefined,
    link,
    imageUrl: record.images[0],
    additionalImageUrls: record.images.slice(1),
    price: record.price ?? undefined,
    currency: record.currency ?? undefined,
    availability: record.availability,
    sku: record.sku ?? undefined,
    gtin: record.gtin ?? undefined,
  });
  return normalised.ok ? normalised.product : null;
}

function safeUrl(href: string, base: string): string {
  try {
    return new URL(href, base).href;
  } catch {
    return base;
  }
}
