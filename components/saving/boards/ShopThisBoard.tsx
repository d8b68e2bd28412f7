import { useState } from 'react';
import { ErrorNote } from '@/components/lib/Feedback';
import { useBoardPins } from '@/components/lib/use-api';
import type { Board, BoardProductResult, Pin, ProductFilters } from '@/utils/contract';
import { ProductResults } from '@/components/products/ProductResults';
import { ProductFiltersForm } from '@/components/products/search/ProductFiltersForm';
import { useBoardProducts } from './use-pin-search';
import { i18n } from '#i18n';

const pinName = (pin: Pin) => pin.product?.name || pin.altText || pin.sourceTitle || pin.note || '';

/**
 * Shop this board: products that look like the board's pins, each showing the pins it looks like
 * ("why"), narrowed by the product search's filters (price, currency, availability, brand).
 */
export function ShopThisBoard({ board }: { board: Board }) {
  const [filters, setFilters] = useState<ProductFilters>({});
  const filtered = Object.keys(filters).length > 0;
  const products = useBoardProducts(board.id, filters);
  const pins = useBoardPins(board.id);
  const pinById = new Map((pins.data?.pages.flatMap((page) => page.items) ?? []).map((pin) => [pin.id, pin]));

  const because = ({ because: pinIds }: BoardProductResult) => (
    <div className="row wrap" data-testid="because">
      <span className="muted">{i18n.t('shopBoard.because')}</span>
      {pinIds.map((pinId) => {
        const pin = pinById.get(pinId);
        const label = i18n.t('shopBoard.becausePin', [pin ? pinName(pin).trim() : '']);
        return pin ? (
          <img
            key={pinId}
            src={pin.imageUrl}
            alt={label}
            title={label}
            width={32}
            height={32}
            className="product-thumb"
            data-pin-id={pinId}
          />
        ) : (
          <span key={pinId} data-pin-id={pinId}>
            {label}
          </span>
        );
      })}
    </div>
  );

  return (
    <div className="stack" data-testid="shop-this-board">
      <ProductFiltersForm onApply={setFilters} />
      {products.isPending && <p className="muted" aria-busy="true" />}
      {products.error && (
        <ErrorNote
          what={i18n.t('shopBoard.failed')}
          error={products.error}
          onRetry={() => void products.refetch()}
          testId="shop-board-error"
        />
      )}
      {products.data && products.data.pinsPending > 0 && (
        <p className="muted">{i18n.t('shopBoard.pending', products.data.pinsPending)}</p>
      )}
      {products.data?.results.length === 0 && (
        <p className="muted empty-state" data-testid="shop-board-empty">
          {filtered ? i18n.t('shopBoard.filteredEmpty') : i18n.t('shopBoard.empty')}
        </p>
      )}
      {products.data && products.data.results.length > 0 && (
        <ProductResults results={products.data.results} label={i18n.t('shopBoard.results')} detail={because} />
      )}
    </div>
  );
}
