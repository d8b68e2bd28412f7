/**
 * Feed input plumbing: bytes in any shape → UTF-8 text chunks → lines.
 * Nothing here holds more than one chunk plus one unfinished line.
 */

/** What parseFeed accepts: a string, bytes, a Node stream or a web ReadableStream (both are async iterables). */
export type FeedInput = string | Uint8Array | AsyncIterable<string | Uint8Array>;

/** Decodes UTF-8 incrementally (a character split across chunks is kept whole) and drops a leading BOM. */
export async function* textChunks(input: FeedInput): AsyncGenerator<string> {
  if (typeof input === 'string') {
    yield input.replace(/^\ufeff/, '');
    return;
  }
  const decoder = new TextDecoder('utf-8'); // strips the BOM itself; invalid bytes become U+FFFD rather than aborting
  if (input instanceof Uint8Array) {
    yield decoder.decode(input);
    return;
  }
  let first = true;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text !== '') {
      text = text.replace(/^\ufeff/, '');
      first = false;
    }
    if (text !== '') yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Reads at least `bytes` characters (or everything) for format detection and
 * returns them with a stream that replays them first, so nothing is lost.
 */
export async function peek(
  chunks: AsyncIterable<string>,
  bytes = 8192,
): Promise<{ head: string; all: AsyncGenerator<string> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  const seen: string[] = [];
  let length = 0;
  let done = false;
  while (length < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    seen.push(next.value);
    length += next.value.length;
  }
  async function* all(): AsyncGenerator<string> {
    yield* seen;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head: seen.join(''), all: all() };
}

export interface Line {
  /** 1-based. */
  number: number;
  text: string;
}

/** Splits text chunks into lines (\n, \r\n or \r), numbering them from 1. */
export async function* lines(
  chunks: AsyncIterable<string>,
  maxLineLength = 10 * 1024 * 1024,
): AsyncGenerator<Line | { number: number; tooLong: true }> {
  let pending = '';
  let number = 1;
  let skippingLongLine = false;
  for await (const chunk of chunks) {
    pending += chunk;
    let start = 0;
    for (;;) {
      const match = /\r\n|\n|\r/g;
      match.lastIndex = start;
      const found = match.exec(pending);
      // A lone \r at the end of a chunk may be the first half of \r\n: wait for the next chunk.
      if (!found || (found[0] === '\r' && found.index === pending.length - 1)) break;
      if (skippingLongLine) skippingLongLine = false;
      else yield { number, text: pending.slice(start, found.index) };
      number++;
      start = found.index + found[0].length;
    }
    pending = pending.slice(start);
    if (pending.length > maxLineLength) {
      if (!skippingLongLine) yield { number, tooLong: true };
      skippingLongLine = true;
      pending = '';
    }
  }
  if (pending !== '' && !skippingLongLine) yield { number, text: pending };
}
