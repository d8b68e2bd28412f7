import type { Envelope, MessageSpec, Protocol, Reply, RequestOf, ResponseOf, SenderKind } from './protocol';
import { isEnvelope } from './protocol';
import { validate } from './validator';

/** The parts of a runtime.MessageSender this layer looks at. */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

export type Handlers<P extends Protocol> = {
  [K in keyof P]: (payload: RequestOf<P[K]>, sender: Sender) => Promise<ResponseOf<P[K]>> | ResponseOf<P[K]>;
};

export interface ReceiverIdentity {
  /** This extension's id: messages from any other sender are refused. */
  extensionId: string;
  /** This extension's origin, e.g. `chrome-extension://ID/`: pages under it are extension pages. */
  extensionOrigin: string;
}

/** Where a message came from, or undefined when it is not from this extension at all. */
export function senderKind(sender: Sender, identity: ReceiverIdentity): SenderKind | undefined {
  if (sender.id !== identity.extensionId) return undefined;
  if (sender.url?.startsWith(identity.extensionOrigin)) return 'extension';
  if (sender.tab) return 'content';
  // The service worker messaging a content script: no tab, no page URL of ours in some browsers.
  return sender.url === undefined ? 'extension' : undefined;
}

/**
 * Builds a runtime.onMessage listener that checks the sender, validates the
 * payload and calls the typed handler. It answers every Loupe message with a
 * Reply (never throws across the boundary) and ignores anything else.
 */
export interface ReceiverOptions<P extends Protocol = Protocol> {
  /**
   * Why a message from this sender is refused now (e.g. a rate limit per tab), or undefined to take
   * it: the refusal is the error reply. Worded by the caller, so a receiver without one carries no words.
   */
  refuse?: (sender: Sender, kind: SenderKind) => string | undefined;
  /**
   * Whether this receiver answers at all (decided before anything else, and silently): where several
   * receivers hear every message (the open side panels), only the one a message concerns answers.
   */
  answers?: (type: keyof P & string, payload: unknown) => boolean;
}

export function createReceiver<P extends Protocol>(
  protocol: P,
  handlers: Handlers<P>,
  identity: ReceiverIdentity,
  options: ReceiverOptions<P> = {},
) {
  return (message: unknown, sender: Sender): Promise<Reply<unknown>> | undefined => {
    if (!isEnvelope(message)) return undefined;
    if (options.answers && !options.answers(message.type, message.payload)) return undefined;
    return handle(message, sender);
  };

  async function handle({ type, payload }: Envelope, sender: Sender): Promise<Reply<unknown>> {
    const spec: MessageSpec<unknown, unknown> | undefined = Object.hasOwn(protocol, type) ? protocol[type] : undefined;
    if (!spec) return { ok: false, error: `Unknown message type "${type.slice(0, 64)}"` };
    const kind = senderKind(sender, identity);
    if (!kind || !spec.from.includes(kind)) return { ok: false, error: `"${type}" is not accepted from this sender` };
    const refusal = options.refuse?.(sender, kind);
    if (refusal) return { ok: false, error: refusal };
    try {
      const request = await validate(spec.request, payload);
      return { ok: true, value: await handlers[type as keyof P](request as never, sender) };
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
}
