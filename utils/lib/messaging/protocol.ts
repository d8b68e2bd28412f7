import type { Validator } from './validator';

/**
 * A message type: who may send it, the validator its payload must pass, and
 * (as a type only) what the receiver answers.
 *
 * - `extension`: only Loupe's own pages and background (side panel, popup, service worker).
 * - `content`: also Loupe's content scripts — which run inside web pages, so
 *   their messages are treated as untrusted input, validated like any request.
 */
export type SenderKind = 'extension' | 'content';

export interface MessageSpec<Request, Response> {
  from: readonly SenderKind[];
  request: Validator<Request>;
  /** Never set at run time: carries the response type for the sender's benefit. */
  response?: Response;
}

export type Protocol = Record<string, MessageSpec<unknown, unknown>>;
export type RequestOf<S> = S extends MessageSpec<infer Request, unknown> ? Request : never;
export type ResponseOf<S> = S extends MessageSpec<unknown, infer Response> ? Response : never;

/** Declares a message: `message<ResponseType>()({ from: [...], request: schema })`. */
export const message =
  <Response = void>() =>
  <Request>(spec: { from: readonly SenderKind[]; request: Validator<Request> }): MessageSpec<Request, Response> =>
    spec;

/** What travels over runtime messaging. The `loupe` tag lets other listeners ignore it. */
export interface Envelope {
  loupe: 1;
  type: string;
  payload: unknown;
}

/** The one way to wrap a message for the wire. */
export const envelope = (type: string, payload: unknown): Envelope => ({ loupe: 1, type, payload });

export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

export const isEnvelope = (value: unknown): value is Envelope =>
  typeof value === 'object' &&
  value !== null &&
  (value as Envelope).loupe === 1 &&
  typeof (value as Envelope).type === 'string';
