import { panelIntentItem } from '@/utils/settings/panel-intent';
import type { ImageLocation } from '@/utils/lib/image-bytes/read-image-bytes';
import { i18n } from '#i18n';

/** "Find similar" on an image card: opens the Search view on products that look like the image. */
export function FindSimilarButton({
  imageUrl,
  altText,
  name,
  where = {},
}: {
  imageUrl: string;
  altText?: string;
  /** What the image is called in the button's accessible name. */
  name: string;
  where?: ImageLocation;
}) {
  return (
    <button
      type="button"
      className="tile-button"
      onClick={() =>
        void panelIntentItem.setValue({
          view: 'similar',
          image: { url: imageUrl, altText },
          where,
          createdAt: Date.now(),
        })
      }
      aria-label={i18n.t('sidepanel.thisPage.findSimilarLabel', [name])}
    >
      {i18n.t('sidepanel.thisPage.findSimilar')}
    </button>
  );
}
