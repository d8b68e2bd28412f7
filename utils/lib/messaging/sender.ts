import { type Envelope, envelope, type Protocol, type Reply, type RequestOf, type ResponseOf } from './protocol';

export class MessageError extends Error {
  override name = 'MessageError';
}

/** Sends one message through `transport` (runtime.sendMessage, or tabs.sendMessage bound to a tab) and unwraps the reply. */
export function createSender<P extends Protocol>(transport: (envelope: Envelope) => Promise<unknown>) {
  return async <K extends keyof P & string>(type: K, payload: RequestOf<P[K]>): Promise<ResponseOf<P[K]>> => {
    const reply = (await transport(envelope(type, payload))) as Reply<ResponseOf<P[K]>> | undefined;
    if (!reply) throw new MessageError(`No Loupe receiver answered "${type}"`);
    if (!reply.ok) throw new MessageError(reply.error);
    return reply.value;
  };
}
