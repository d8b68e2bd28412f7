import { OpenAPIHono } from '@hono/zod-openapi';
import type { PlatformEnv } from './platform-env';
import { validationProblem } from './problem';

/** A router whose request validation failures become 400 problem responses. */
export function createRouter<E extends PlatformEnv>() {
  return new OpenAPIHono<E>({
    defaultHook: (result) => {
      if (!result.success) return validationProblem(result.error, result.target);
    },
  });
}
