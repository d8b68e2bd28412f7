import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { createAppDeps, type GuardSettings } from './app-context';
import { listenForRevocations } from './platform/auth/revocation-listener';
import { createTokenCache } from './platform/auth/token-cache';
import { catalogSettingsFromEnv } from './features/catalog';
import { shopsSettingsFromEnv } from './features/shops';
import { openDatabase } from './platform/db/open-database';
import type { Env } from './env';
import { createLogger } from './platform/logger';
import { closeC2paValidator, loadTrustLists, provenanceSettingsFromEnv } from './features/provenance';
import type { UsersRepository } from './features/users';

export const guardSettingsFromEnv = (env: Env): GuardSettings => ({
  rateLimit: { perMinute: env.LOUPE_RATE_LIMIT_PER_MINUTE, burst: env.LOUPE_RATE_LIMIT_BURST },
  authFailures: { perMinute: env.LOUPE_AUTH_FAILURES_PER_MINUTE, burst: env.LOUPE_AUTH_FAILURE_BURST },
  trustedProxies: env.LOUPE_TRUSTED_PROXIES,
  imageWork: {
    concurrency: env.LOUPE_IMAGE_WORK_CONCURRENCY,
    queue: env.LOUPE_IMAGE_WORK_QUEUE,
    perKey: env.LOUPE_IMAGE_WORK_PER_TOKEN,
  },
  corsOrigins: env.LOUPE_CORS_ORIGINS,
});

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
  /** Reads the trust lists again (after `npm start` downloaded them): the next analyses use them, no restart. */
  reloadTrustLists(): void;
}

export interface RunServerOptions {
  /** Called once the database is open, before the server listens (npm start uses it to set up the local user). */
  beforeListen?: (deps: { users: UsersRepository }) => Promise<void>;
  /** How long a request may take to arrive in full, headers and body (default REQUEST_TIMEOUT_MS; tests shorten it). */
  requestTimeoutMs?: number;
  /** How long a stop waits for requests in flight before cutting their connections (default 10 s; tests shorten it). */
  shutdownGraceMs?: number;
}

/**
 * A request must arrive in full within this time, or Node answers 408 and closes the connection.
 * It bounds how long a slow (or stalled) upload can hold a slot of the image-work line: 20 MiB
 * in 2 minutes is about 1.4 Mbit/s. Node's default is 5 minutes.
 */
export const REQUEST_TIMEOUT_MS = 120_000;

/** Opens the database, starts the HTTP server and returns once it listens. */
export async function runServer(env: Env, options: RunServerOptions = {}): Promise<RunningServer> {
  const logger = createLogger(env.LOG_LEVEL);
  // Trust lists are read once, before anything opens: a missing file stops the server here, naming its setting.
  const provenance = provenanceSettingsFromEnv(env);
  const database = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.LOUPE_DATA_DIR,
    poolSize: env.DATABASE_POOL_SIZE,
  });
  // Live tokens are cached. On the embedded database this process is the only one that can revoke
  // a token (the CLI refuses to open a data directory a server owns), so the cache hears of every
  // revocation; on PostgreSQL it hears of other processes' through LISTEN, and is bypassed while
  // it cannot (see auth/token-cache.ts).
  const tokenCache = createTokenCache({ trusted: database.kind === 'pglite' });
  const revocations = env.DATABASE_URL ? listenForRevocations(env.DATABASE_URL, tokenCache, logger) : undefined;
  await revocations?.started;
  const deps = createAppDeps(database, logger, {
    provenance,
    catalog: catalogSettingsFromEnv(env),
    shops: shopsSettingsFromEnv(env),
    guards: guardSettingsFromEnv(env),
    tokenCache,
  });
  logger.info({ trust: provenance.trustSource, fetchAllowPrivate: provenance.allowPrivate }, 'provenance settings');
  logger.info(
    {
      rateLimit: deps.limits.rateLimiter.settings,
      authFailures: deps.limits.authFailures.settings,
      trustedProxies: env.LOUPE_TRUSTED_PROXIES,
      imageWork: {
        slots: deps.limits.imageSlots.settings.concurrency,
        places: deps.limits.imageWork.settings.concurrency,
        perToken: deps.limits.imageWork.settings.perKey,
      },
      corsOrigins: deps.corsOrigins,
    },
    'request guards',
  );
  await options.beforeListen?.({ users: deps.users });

  const app = createApp(deps);
  // Followed shops are read in the background, by whichever server process claims them first.
  deps.shops.runner.start();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const requestTimeout = options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS;
    const serverOptions = {
      requestTimeout,
      headersTimeout: Math.min(20_000, requestTimeout),
      // How often Node looks for requests over their time (default 30 s).
      connectionsCheckingInterval: Math.min(30_000, Math.max(100, requestTimeout / 4)),
    };
    const started = serve({ fetch: app.fetch, hostname: env.HOST, port: env.PORT, serverOptions }, () =>
      resolve(started),
    );
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  // Pins saved before search existed (or under another model) are embedded once, in the background.
  void deps.pinEmbeddings.backfill();
  const host = env.HOST.includes(':') ? `[${env.HOST}]` : env.HOST;

  /** How long a stop waits for requests in flight before cutting their connections. */
  const SHUTDOWN_GRACE_MS = options.shutdownGraceMs ?? 10_000;
  let stopping: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    reloadTrustLists: () => {
      // The one settings object every handler reads at call time; results cached under the old lists stay apart (keyed by the lists).
      const { trust, source } = loadTrustLists(env);
      deps.provenance.trust = trust;
      deps.provenance.trustSource = source;
      logger.info({ trust: source }, 'provenance settings');
    },
    stop: () =>
      (stopping ??= (async () => {
        // Stop taking connections, let requests in flight finish, then close the database. A stop
        // must end, though: what is still open after the grace period (a client that stopped
        // sending its upload, work waiting behind it) is cut, and the log says what was running.
        await new Promise<void>((resolve) => {
          const cut = setTimeout(() => {
            logger.warn(
              { imageWork: deps.limits.imageWork.load(), imageSlots: deps.limits.imageSlots.load() },
              `shutdown: cutting connections still open after ${SHUTDOWN_GRACE_MS / 1000} s`,
            );
            if ('closeAllConnections' in server) server.closeAllConnections();
          }, SHUTDOWN_GRACE_MS);
          server.close(() => {
            clearTimeout(cut);
            resolve();
          });
          if ('closeIdleConnections' in server) server.closeIdleConnections();
        });
        await deps.shops.runner.close(); // a shop's run stops after its batch; any process resumes it
        await deps.catalog.close(); // background imports stop after their batch, resumable
        await deps.pinEnrichment.close();
        await deps.pinEmbeddings.close();
        await revocations?.close();
        await database.close();
        await closeC2paValidator();
        logger.flush();
      })()),
  };
}
