import { type ReactNode, useState } from 'react';
import type { ProductSearchResult, SimilarProductResult } from '@/utils/contract';
import { badgeDescription, badgeText } from '@/utils/provenance/verdict-display';
import { VerdictIcon } from '../provenance/VerdictIcon';
import { SaveToBoard } from '../saving/SaveToBoard';
import { i18n } from '#i18n';

const AVAILABILITY_TEXT: Record<ProductSearchResult['product']['availability'], string> = {
  in_stock: i18n.t('products.availability.inStock'),
  out_of_stock: i18n.t('products.availability.outOfStock'),
  preorder: i18n.t('products.availability.preorder'),
  backorder: i18n.t('products.availability.backorder'),
  unknown: '',
};

/** "€49.00" in the reader's locale; the raw figures when the currency is not one the browser knows. */
export function formatPrice(price: string, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(Number(price));
  } catch {
    return `${price} ${currency}`;
  }
}

const hostOf = (link: string) => new URL(link).hostname.replace(/^www\./, '');

/** A keyword-search result, or a similar-image one, which also says how alike it is. */
type Result = ProductSearchResult & Partial<Pick<SimilarProductResult, 'similarity' | 'close'>>;

/**
 * Search results: picture, title, shop, price, availability and the product photo's provenance; open or save each.
 * `detail` adds a line of the caller's under a result (shop this board: the pins it looks like).
 */
export function ProductResults<R extends Result>({
  results,
  label,
  detail,
}: {
  results: R[];
  label: string;
  detail?: (result: R) => ReactNode;
}) {
  const [saving, setSaving] = useState<string | null>(null);
  return (
    <ol className="product-results" aria-label={label}>
      {results.map(({ product, provenance, similarity, close }, index) => (
        <li
          key={product.id}
          className="product-result card"
          data-testid="product-result"
          data-product-id={product.id}
          data-link={product.link}
          data-close={close}
        >
          <div className="row product-row">
            <img src={product.imageUrl} alt="" width={72} height={72} className="product-thumb" loading="lazy" />
            <div className="grow stack tight">
              <strong className="product-title">{product.title}</strong>
              {similarity !== undefined && <Closeness similarity={similarity} close={Boolean(close)} />}
              <span className="muted">{[product.brand, hostOf(product.link)].filter(Boolean).join(' · ')}</span>
              <span className="row wrap">
                <span data-testid="result-price">{formatPrice(product.price, product.currency)}</span>
                {AVAILABILITY_TEXT[product.availability] && (
                  <span className="muted" data-availability={product.availability}>
                    {AVAILABILITY_TEXT[product.availability]}
                  </span>
                )}
                {provenance && (
                  <span
                    className="provenance-badge"
                    data-verdict={provenance.verdict}
                    data-strength={provenance.strength}
                    role="img"
                    aria-label={i18n.t('products.photoProvenance', [badgeDescription(provenance)])}
                  >
                    <VerdictIcon verdict={provenance.verdict} />
                    {badgeText(provenance)}
                  </span>
                )}
              </span>
            </div>
          </div>
          <div className="row">
            <a className="button-link" href={product.link} target="_blank" rel="noopener noreferrer">
              {i18n.t('products.openInShop')}
            </a>
            <button
              type="button"
              onClick={() => setSaving(saving === product.id ? null : product.id)}
              aria-expanded={saving === product.id}
            >
              {i18n.t('products.save')}
            </button>
          </div>
          {detail?.(results[index]!)}
          {saving === product.id && (
            <SaveToBoard
              image={{
                imageUrl: product.imageUrl,
                pageUrl: product.link,
                pageTitle: product.title.slice(0, 500),
                altText: product.title.slice(0, 300),
              }}
            />
          )}
        </li>
      ))}
    </ol>
  );
}

/** How alike a similar-search result is: a plain label (close or not, as the backend calibrated it), the figure for the curious. */
function Closeness({ similarity, close }: { similarity: number; close: boolean }) {
  return (
    <span className="closeness" data-testid="result-closeness" data-close={close}>
      {close ? i18n.t('products.closeness.close') : i18n.t('products.closeness.notClose')}
      <span className="muted"> · {i18n.t('products.closeness.similarity', [similarity.toFixed(2)])}</span>
    </span>
  );
}
