import type { Pin } from '@/utils/contract';
import { i18n } from '#i18n';

/**
 * The pins that look like this one ("More like this in my boards").
 *
 * HOOK: this needs `POST /v1/pins/similar` (issue 16, part 3), which is built
 * on another branch. Once the API client has it, fetch the caller's pins like
 * `pin` here (a TanStack query keyed by the pin's id) and return them, ranked;
 * the section below shows them. Until then the section is not shown at all:
 * no promise the backend cannot keep.
 */
function useMorePinsLike(_pin: Pin): Pin[] | undefined {
  return undefined;
}

export function MoreLikeThis({ pin, onOpen }: { pin: Pin; onOpen?: (pin: Pin) => void }) {
  const pins = useMorePinsLike(pin);
  if (!pins) return null;
  return (
    <section className="stack" aria-labelledby="pin-more-heading" data-testid="pin-more-like-this">
      <h3 id="pin-more-heading">{i18n.t('sidepanel.pin.moreLikeThis')}</h3>
      <ul className="more-like-this" role="list">
        {pins.map((other) => (
          <li key={other.id}>
            <button type="button" onClick={() => onOpen?.(other)}>
              <img src={other.imageUrl} alt={other.altText ?? ''} width={72} height={72} className="product-thumb" />
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
