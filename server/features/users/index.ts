/** Users and their API tokens: what the rest of the server may use of them (its router, its part of the app's dependencies, what the CLI runs). */
import type { AppEnv } from '../../app-context';
import type { TokenCache } from '../../platform/auth/token-cache';
import type { Database } from '../../platform/db/open-database';
import { createRouter } from '../../platform/http/router';
import * as handlers from './me/me.handlers';
import * as routes from './me/me.routes';
import { createUsersRepository, type UsersRepository } from './users-repository';

export const meRouter = createRouter<AppEnv>()
  .openapi(routes.getMe, handlers.me)
  .openapi(routes.signOut, handlers.signOut);

export interface UsersDeps {
  /** Users and tokens; it answers the platform's token lookups too (`PlatformDeps.users`). */
  users: UsersRepository;
}

/** `tokenCache`: the server's cache of live tokens (none by default: every token is looked up). */
export const createUsersDeps = (
  db: Database,
  { tokenCache }: { tokenCache?: TokenCache | undefined } = {},
): UsersDeps => ({
  users: createUsersRepository(db, { tokenCache }),
});

export { createUsersRepository, UnknownUserError, UserExistsError } from './users-repository';
export type { RevokeSelector, TokenInfo, UsersRepository } from './users-repository';
