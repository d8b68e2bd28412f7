import { OpenAPIHono } from '@hono/zod-openapi';
import type { User } from '../utils/contract';
import type { DatabaseHandle } from './db/open-database';
import { validationProblem } from './http/problem';
import type { Logger } from './logger';
import type { UsersRepository } from './users/users-repository';

/** What handlers need from the running server. Passed in, never imported, so tests build their own. */
export interface AppDeps {
  database: DatabaseHandle;
  users: UsersRepository;
  logger: Logger;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    /** Set by the bearer-auth middleware on every /v1 route. */
    user: User;
  };
}

/** A router whose request validation failures become 400 problem responses. */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) return validationProblem(result.error, result.target);
    },
  });
}
export type AppRouter = ReturnType<typeof createRouter>;
