import { createTokenBuckets } from '../token-bucket';
import type { SenderKind } from './protocol';
import type { Sender } from './receiver';

/**
 * A token bucket per key (e.g. per tab): `burst` messages at once, refilled at
 * `perSecond`. Web pages drive what content scripts send (a page that rewrites
 * its images in a loop makes its content script report in a loop), so the
 * background admits a bounded rate from each tab and refuses the rest.
 */
export function createRateLimit({
  perSecond,
  burst,
  now = () => Date.now(),
  maxKeys = 1000,
}: {
  perSecond: number;
  burst: number;
  now?: () => number;
  maxKeys?: number;
}) {
  const buckets = createTokenBuckets<string | number>({ burst, refillPerMs: perSecond / 1000, now, maxKeys });
  return (key: string | number): boolean => buckets.take(key).allowed;
}

/**
 * A receiver's `refuse` option: a content script beyond `admit`'s rate for its tab gets a refusal
 * it can show; extension pages are never limited.
 */
export function refuseBeyondRate(admit: (tabId: number) => boolean) {
  return (sender: Sender, kind: SenderKind): string | undefined =>
    kind === 'content' && !admit(sender.tab?.id ?? -1)
      ? 'Too many messages from this page; try again in a moment'
      : undefined;
}
