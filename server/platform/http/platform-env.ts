import type { BlockList } from 'node:net';
import type { User } from '../../../utils/contract';
import type { DatabaseHandle } from '../db/open-database';
import type { Logger } from '../logger';
import type { AuthFailureGuard } from '../limits/auth-failures';
import type { RateLimiter } from '../limits/rate-limiter';
import type { WorkLimiter } from '../limits/work-limiter';

/** Who a live API token belongs to. The users feature answers it; the platform only asks. */
export interface TokenAuthenticator {
  authenticateToken(token: string): Promise<{ user: User; tokenId: string } | undefined>;
}

/**
 * What the platform's middleware (authentication, limits, health) needs from the running server.
 * The app's dependencies extend it with the features'; the platform never sees those.
 */
export interface PlatformDeps {
  database: DatabaseHandle;
  logger: Logger;
  users: TokenAuthenticator;
  /** Guards against floods: a rate limit per token, a bound on failed sign-ins per client address, and a bounded line for image work. */
  limits: {
    rateLimiter: RateLimiter;
    authFailures: AuthFailureGuard;
    /** The image-work line's places: requests reading their upload, waiting for a slot or in one (a share per token). */
    imageWork: WorkLimiter;
    /** The few slots image work runs in, taken with the bytes in hand (see `inImageLine`). */
    imageSlots: WorkLimiter;
  };
  /** Proxies whose X-Forwarded-For names the client (see client-address.ts); none by default. */
  trustedProxies: BlockList | undefined;
  /** Origins allowed to read answers cross-origin (see cors.ts). */
  corsOrigins: readonly string[];
}

export interface PlatformEnv<Deps extends PlatformDeps = PlatformDeps> {
  Variables: {
    deps: Deps;
    /** Set by the bearer-auth middleware on every /v1 route. */
    user: User;
    /** The id of the token that authenticated the request (rate limits count per token). */
    tokenId: string;
  };
}
