import pg from 'pg';
import type { Logger } from '../logger';
import { TOKEN_REVOCATION_CHANNEL, type TokenCache } from './token-cache';

/**
 * On PostgreSQL, other processes revoke tokens too (`tokens revoke`, another server's
 * `DELETE /v1/me/token`). Each revocation is announced with NOTIFY in its own transaction; this
 * keeps one connection LISTENing and clears the token cache on every announcement. The cache is
 * trusted only while that connection is up: when it drops, every token is looked up again until
 * it is back (it reconnects by itself, with back-off).
 */
/** How the listening connection names itself in pg_stat_activity: one per server process, beside its pool. */
export const REVOCATION_LISTENER_NAME = 'loupe-token-revocations';

export function listenForRevocations(connectionString: string, cache: TokenCache, logger: Logger) {
  let client: pg.Client | undefined;
  let closed = false;
  let retryMs = 1000;
  let timer: NodeJS.Timeout | undefined;

  const lost = (reason: string) => {
    if (cache.trusted)
      logger.warn({ reason }, 'token revocations: listening connection lost; looking every token up until it is back');
    cache.setTrusted(false);
    client?.removeAllListeners();
    client?.on('error', () => {});
    void client?.end().catch(() => {});
    client = undefined;
    if (!closed && !timer) {
      timer = setTimeout(() => {
        timer = undefined;
        void connect();
      }, retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, 30_000);
    }
  };

  async function connect() {
    // keepAlive: a silently dead connection (no reset from the peer) is noticed by TCP, not never.
    const next = new pg.Client({
      connectionString,
      keepAlive: true,
      connectionTimeoutMillis: 10_000,
      application_name: REVOCATION_LISTENER_NAME,
    });
    client = next;
    next.on('error', (error) => lost(error.message));
    next.on('end', () => !closed && lost('connection ended'));
    next.on('notification', () => cache.revoked());
    try {
      await next.connect();
      await next.query(`LISTEN ${TOKEN_REVOCATION_CHANNEL}`);
      if (closed || client !== next) return;
      // From here every revocation reaches the cache; those before were read by the lookups it
      // forgot when it was (re)trusted.
      cache.setTrusted(true);
      retryMs = 1000;
    } catch (error) {
      if (!closed && client === next) lost(error instanceof Error ? error.message : String(error));
    }
  }

  const started = connect();
  return {
    /** Resolves once the first attempt to listen succeeded or failed (the cache is trusted only if it succeeded). */
    started,
    async close() {
      closed = true;
      clearTimeout(timer);
      cache.setTrusted(false);
      const last = client;
      client = undefined;
      await last?.end().catch(() => {});
    },
  };
}
export type RevocationListener = ReturnType<typeof listenForRevocations>;
