import type { z } from 'zod';
import {
  API_VERSION,
  type Health,
  HealthSchema,
  PROBLEM_MEDIA_TYPE,
  ProblemSchema,
  type RevokedToken,
  RevokedTokenSchema,
  type User,
  UserSchema,
} from '../../contract';
import { ApiError } from './api-error';
import { type ApiErrorTexts, englishApiErrorTexts } from './error-texts';
import { boardsEndpoints } from './boards';
import { productsEndpoints } from './products';
import { provenanceEndpoints } from './provenance';
import { shopsEndpoints } from './shops';
import { parseRetryAfter } from './retry-after';

export { ApiError, type ApiErrorKind } from './api-error';

export interface ApiClientOptions {
  baseUrl: string;
  token?: string;
  fetch?: typeof fetch;
  /** Milliseconds before a request counts as unreachable. */
  timeoutMs?: number;
  /** The words of its errors (the extension passes translated ones). */
  texts?: ApiErrorTexts;
}

/**
 * Loupe's API client: every response is parsed with the shared contract, and
 * every failure becomes an ApiError that says what went wrong. Used by the
 * extension's pages and service worker, and by the end-to-end tests.
 */
export function createApiClient({
  baseUrl,
  token,
  fetch: fetchImpl = globalThis.fetch.bind(globalThis),
  timeoutMs = 15_000,
  texts = englishApiErrorTexts,
}: ApiClientOptions) {
  const base = baseUrl.replace(/\/+$/, '');

  async function call<S extends z.ZodType>(
    path: string,
    schema: S,
    init: RequestInit & { signal?: AbortSignal } = {},
  ): Promise<z.infer<S>> {
    const headers = new Headers(init.headers);
    headers.set('accept', `application/json, ${PROBLEM_MEDIA_TYPE}`);
    if (token) headers.set('authorization', `Bearer ${token}`);
    const signal = init.signal
      ? AbortSignal.any([init.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);

    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, { ...init, headers, signal });
    } catch (error) {
      if (init.signal?.aborted) throw error; // the caller cancelled: not a connection problem
      throw new ApiError('unreachable', texts.unreachable(base, describeNetworkError(error, texts)));
    }

    const body: unknown = await response.json().catch(() => undefined);
    if (!response.ok) throw errorFromResponse(response, body, base, texts);
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new ApiError('incompatible', texts.unexpectedShape(base, path), response.status);
    return parsed.data;
  }

  return {
    baseUrl: base,
    call,
    ...boardsEndpoints(call),
    ...provenanceEndpoints(call),
    ...productsEndpoints(call),
    ...shopsEndpoints(call),
    health: (signal?: AbortSignal): Promise<Health> => call('/healthz', HealthSchema, { signal }),
    me: (signal?: AbortSignal): Promise<User> => call('/v1/me', UserSchema, { signal }),
    /** Signs out: revokes this client's token on the backend (the user's other tokens stay). The token is refused from then on. */
    signOut: (signal?: AbortSignal): Promise<RevokedToken> =>
      call('/v1/me/token', RevokedTokenSchema, { method: 'DELETE', signal }),

    /** Checks everything a working connection needs: reachable, a Loupe backend of this API version, a valid token. */
    async checkConnection(signal?: AbortSignal): Promise<{ health: Health; user: User }> {
      const health = await call('/healthz', HealthSchema, { signal }).catch((error: unknown) => {
        if (error instanceof ApiError && error.kind !== 'unreachable') {
          throw new ApiError('incompatible', texts.notLoupe(base, error.status), error.status);
        }
        throw error;
      });
      if (health.apiVersion !== API_VERSION) {
        throw new ApiError('incompatible', texts.versionMismatch(health.apiVersion, health.version, API_VERSION));
      }
      if (!token) throw new ApiError('unauthorized', texts.noToken());
      return { health, user: await call('/v1/me', UserSchema, { signal }) };
    },
  };
}
export type ApiClient = ReturnType<typeof createApiClient>;

function errorFromResponse(response: Response, body: unknown, base: string, texts: ApiErrorTexts): ApiError {
  const problem = ProblemSchema.safeParse(body);
  // Kept on every kind: a proxy's 503 page without a problem document may still say when to come back.
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
  if (response.status === 401) {
    return new ApiError(
      'unauthorized',
      texts.tokenRefused(base, problem.success ? problem.data.detail : undefined),
      401,
      problem.success ? problem.data : undefined,
      retryAfterMs,
    );
  }
  if (problem.success)
    return new ApiError(
      'problem',
      problem.data.detail ?? problem.data.title,
      response.status,
      problem.data,
      retryAfterMs,
    );
  return new ApiError(
    'incompatible',
    texts.noProblemDocument(base, response.status),
    response.status,
    undefined,
    retryAfterMs,
  );
}

function describeNetworkError(error: unknown, texts: ApiErrorTexts): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return texts.timedOut();
  return error instanceof Error ? error.message : String(error);
}
