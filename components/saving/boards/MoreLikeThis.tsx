import { Masonry } from '@/components/lib/Masonry';
import type { Pin } from '@/utils/contract';
import { PinCard, pinKey, pinSize } from './PinCard';
import { useMorePinsLike } from './use-pin-search';
import { i18n } from '#i18n';

/**
 * "More like this in my boards": your other pins that look like this one, closest first
 * (`POST /v1/pins/similar {"pinId"}`), in the shared masonry grid. Without an image model or
 * pgvector the backend answers 503, and a pin not embedded yet has no neighbours: the section is
 * then not shown at all.
 */
export function MoreLikeThis({ pin, onOpen }: { pin: Pin; onOpen: (pin: Pin) => void }) {
  const pins = useMorePinsLike(pin.id).data?.results.map((result) => result.pin);
  if (!pins?.length) return null;
  return (
    <section className="stack" aria-labelledby="pin-more-heading" data-testid="pin-more-like-this">
      <h3 id="pin-more-heading">{i18n.t('sidepanel.pin.moreLikeThis')}</h3>
      <Masonry
        items={pins}
        itemKey={pinKey}
        imageSize={pinSize}
        label={i18n.t('sidepanel.pin.moreLikeThis')}
        testId="pin-more-grid"
        renderCard={({ item: other, picture, onNaturalSize }) => (
          <PinCard pin={other} picture={picture} onNaturalSize={onNaturalSize} onOpen={() => onOpen(other)} />
        )}
      />
    </section>
  );
}
