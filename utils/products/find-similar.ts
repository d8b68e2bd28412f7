import type { ApiClient } from '../lib/api-client';
import type { SimilarSearchOptions } from '../lib/api-client/products';
import type { SimilarProductsResponse } from '../contract';
import { byUrlOrBrowserCopy, type CheckedFrom } from '../lib/image-bytes/browser-copy';
import type { ImageLocation } from '../lib/image-bytes/read-image-bytes';

export interface SimilarProducts {
  response: SimilarProductsResponse;
  checkedFrom: CheckedFrom;
}

/** Products that look like the image at `url` (or the `region` of it): sent by address when the backend can fetch it, else as the browser's copy. */
export async function findSimilarProducts(
  api: ApiClient,
  url: string,
  where: ImageLocation,
  options: SimilarSearchOptions = {},
): Promise<SimilarProducts> {
  const { value, checkedFrom } = await byUrlOrBrowserCopy(
    url,
    where,
    {
      byUrl: (imageUrl) => api.similarProducts({ url: imageUrl }, options),
      byBytes: (image) => api.similarProducts(image, options),
    },
    options.signal,
  );
  return { response: value, checkedFrom };
}
