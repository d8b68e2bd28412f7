import { ErrorNote } from '@/components/lib/Feedback';
import { useBoardPins } from '@/components/lib/use-api';
import type { Board, BoardProductResult, Pin } from '@/utils/contract';
import { ProductResults } from '../../products/ProductResults';
import { useBoardProducts } from './use-pin-search';
import { i18n } from '#i18n';

const pinName = (pin: Pin) => pin.product?.name || pin.altText || pin.sourceTitle || pin.note || '';

/** Shop this board: products that look like the board's pins, each showing the pins it looks like ("why"). */
export function ShopThisBoard({ board }: { board: Board }) {
  const products = useBoardProducts(board.id);
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
      {products.data?.results.length === 0 && <p className="muted empty-state">{i18n.t('shopBoard.empty')}</p>}
      {products.data && products.data.results.length > 0 && (
        <ProductResults results={products.data.results} label={i18n.t('shopBoard.results')} detail={because} />
      )}
    </div>
  );
}
