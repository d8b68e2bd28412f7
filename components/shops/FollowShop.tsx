import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorNote } from '@/components/lib/Feedback';
import { useApi } from '@/components/lib/use-api';
import type { Shop } from '@/utils/contract';
import { i18n } from '#i18n';

const SHOPS_KEY = ['shops'] as const;
/** How often the panel asks for a shop's progress while it is being read. */
const PROGRESS_POLL_MS = 1000;

/** The shop a page belongs to: its origin, for web pages only. */
export function shopOrigin(pageUrl: string | undefined): string | undefined {
  if (!pageUrl) return undefined;
  try {
    const url = new URL(pageUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

const isReading = (shop: Shop | undefined) => shop?.status === 'queued' || shop?.status === 'importing';

/**
 * "Follow this shop", beside the product card: follows the page's shop, shows the
 * backend reading it live, then how many of its products are in the catalogue.
 */
export function FollowShop({ pageUrl }: { pageUrl: string }) {
  const api = useApi();
  const queryClient = useQueryClient();
  const origin = shopOrigin(pageUrl);
  const shops = useQuery({
    queryKey: SHOPS_KEY,
    enabled: Boolean(api && origin),
    queryFn: ({ signal }) => api!.listShops(signal),
    refetchInterval: (query) =>
      isReading(query.state.data?.find((shop) => shop.origin === origin)) ? PROGRESS_POLL_MS : false,
  });
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: SHOPS_KEY });
    void queryClient.invalidateQueries({ queryKey: ['products'] });
  };
  const follow = useMutation({ mutationFn: () => api!.followShop(pageUrl), onSuccess: changed });
  const refresh = useMutation({ mutationFn: (id: string) => api!.refreshShop(id), onSuccess: changed });
  const unfollow = useMutation({ mutationFn: (id: string) => api!.unfollowShop(id), onSuccess: changed });
  if (!api || !origin || shops.isPending) return null;

  const shop = shops.data?.find((candidate) => candidate.origin === origin);
  const busy = follow.isPending || refresh.isPending || unfollow.isPending;
  const failure = follow.error ?? refresh.error ?? unfollow.error;
  return (
    <section className="card stack" data-testid="follow-shop" aria-label={i18n.t('sidepanel.shop.label')}>
      {!shop && (
        <>
          <p className="muted">{i18n.t('sidepanel.shop.followHint')}</p>
          <button type="button" disabled={busy} onClick={() => follow.mutate()} data-testid="follow-shop-button">
            {i18n.t('sidepanel.shop.follow')}
          </button>
        </>
      )}
      {shop && (
        <div aria-live="polite" data-testid="shop-state" data-status={shop.status}>
          {isReading(shop) && <ReadingProgress shop={shop} />}
          {shop.status === 'ready' && <p>{i18n.t('sidepanel.shop.following', shop.products)}</p>}
          {shop.status === 'failed' && <p role="alert">{i18n.t('sidepanel.shop.failed', [shop.error ?? ''])}</p>}
        </div>
      )}
      {shop && (
        <div className="row">
          {shop.status === 'failed' && (
            <button type="button" disabled={busy} onClick={() => refresh.mutate(shop.id)}>
              {i18n.t('sidepanel.shop.retry')}
            </button>
          )}
          {(!shop.forEveryone || shop.status === 'failed') && (
            <button
              type="button"
              disabled={busy}
              onClick={() => unfollow.mutate(shop.id)}
              data-testid="unfollow-shop-button"
            >
              {i18n.t('sidepanel.shop.unfollow')}
            </button>
          )}
        </div>
      )}
      {failure && <ErrorNote what={i18n.t('sidepanel.shop.actionFailed')} error={failure} testId="follow-shop-error" />}
      {shops.error && (
        <ErrorNote
          what={i18n.t('sidepanel.shop.actionFailed')}
          error={shops.error}
          onRetry={() => void shops.refetch()}
          testId="follow-shop-error"
        />
      )}
    </section>
  );
}

function ReadingProgress({ shop }: { shop: Shop }) {
  const { read, total } = shop.progress;
  return (
    <div className="stack">
      <span>{i18n.t('sidepanel.shop.reading')}</span>
      <progress
        value={total ? Math.min(read, total) : undefined}
        max={total ?? undefined}
        aria-label={i18n.t('sidepanel.shop.reading')}
      />
      <span className="muted" data-testid="shop-progress">
        {total
          ? i18n.t('sidepanel.shop.progress', [String(read), String(total)])
          : i18n.t('sidepanel.shop.progressUnknown', [String(read)])}
      </span>
    </div>
  );
}
