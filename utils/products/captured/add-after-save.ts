import type { AddCapturedProduct, AddCapturedProductResult, CreatePin } from '../../contract';
import { capturedProductGaps } from '../../contract';

/**
 * After the backend acknowledges a save, add the page's captured product to the user's catalogue
 * (when they opted in). Best effort, on purpose: it runs only once the pin is safely stored, never
 * throws, and is never retried. A lost call costs little (saving again from that shop page adds the
 * product then, and the endpoint is idempotent per product link), while queueing it would make the
 * save queue, which must lose nothing, carry work that may be lost.
 */
export type AddAfterSaveOutcome = 'off' | 'no-product' | 'incomplete' | 'recent' | 'added' | 'failed';

export interface AddAfterSaveOptions {
  /** The opt-in setting, read at each save: turning it off takes effect at once, even for saves already queued. */
  isEnabled(): Promise<boolean>;
  add(request: AddCapturedProduct): Promise<AddCapturedProductResult>;
  onError?(error: unknown): void;
}

/** Requests remembered, so saving several images of one product page sends its product once per worker lifetime. */
const RECENT_LIMIT = 200;

export function createAddCapturedAfterSave({ isEnabled, add, onError }: AddAfterSaveOptions) {
  const recent = new Set<string>();

  return async function addAfterSave(pin: CreatePin): Promise<AddAfterSaveOutcome> {
    try {
      const { product } = pin;
      const pageUrl = pin.sourceUrl ?? product?.url;
      if (!product || !pageUrl) return 'no-product';
      if (!(await isEnabled())) return 'off';
      // The server would refuse it (422) for the same reasons: skip without a request.
      if (capturedProductGaps(product).length > 0) return 'incomplete';
      const request: AddCapturedProduct = { product, pageUrl };
      const key = JSON.stringify(request);
      if (recent.has(key)) return 'recent';
      await add(request);
      recent.add(key);
      if (recent.size > RECENT_LIMIT) recent.delete(recent.values().next().value!);
      return 'added';
    } catch (error) {
      onError?.(error);
      return 'failed';
    }
  };
}
