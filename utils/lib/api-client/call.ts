import type { z } from 'zod';

/** One request to the backend, its answer parsed by `schema`: what each group of endpoints is built on. */
export type Call = <S extends z.ZodType>(
  path: string,
  schema: S,
  init?: RequestInit & { signal?: AbortSignal },
) => Promise<z.infer<S>>;
