import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { safeFetch, type SafeFetchOptions } from '../../platform/safe-fetch';
import type { FeedInput } from './feeds';

/** A feed opened for reading, with what a resumed run checks to know it reads the same feed. */
export interface OpenedFeed {
  input: FeedInput;
  /** A file name or URL path: a hint for format detection. */
  filename: string;
  fingerprint: string;
  /** Share read so far, when the size is known (for progress bars). */
  fraction?: () => number;
}

export interface FeedSource {
  open(): Promise<OpenedFeed>;
}

/** Feeds up to this size are fetched from URLs (they are read into memory). */
export const MAX_FEED_BYTES = 512 * 1024 * 1024;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function counted(bytes: Uint8Array): { input: AsyncIterable<Uint8Array>; fraction: () => number } {
  let read = 0;
  const chunk = 1 << 20;
  return {
    input: (async function* () {
      for (let offset = 0; offset < bytes.length; offset += chunk) {
        const part = bytes.subarray(offset, offset + chunk);
        read += part.length;
        yield part;
      }
    })(),
    fraction: () => (bytes.length === 0 ? 1 : read / bytes.length),
  };
}

export function fileFeed(file: string): FeedSource {
  return {
    async open() {
      const info = await stat(file);
      let read = 0;
      // The file is opened when the parser first asks for a chunk, not here: a stream opened (and
      // set flowing by a 'data' listener) now would pour the file out while the importer awaits the
      // database, to nobody: on PostgreSQL, whose replies let the event loop run, that was an
      // import of 0 rows. Counting inside the generator keeps the stream paused until read.
      const input = (async function* () {
        for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
          read += chunk.length;
          yield chunk;
        }
      })();
      return {
        input,
        filename: path.basename(file),
        fingerprint: `file:${info.size}:${Math.trunc(info.mtimeMs)}`,
        fraction: () => (info.size === 0 ? 1 : Math.min(1, read / info.size)),
      };
    },
  };
}

export function urlFeed(url: string, fetchOptions: SafeFetchOptions): FeedSource {
  return {
    async open() {
      const response = await safeFetch(url, {
        timeoutMs: 120_000,
        maxBytes: MAX_FEED_BYTES,
        userAgent: 'Loupe/0.1 (+catalog import)',
        ...fetchOptions,
      });
      const { input, fraction } = counted(response.bytes);
      return {
        input,
        filename: new URL(response.url).pathname,
        fingerprint: `sha256:${sha256(response.bytes)}`,
        fraction,
      };
    },
  };
}

export function bytesFeed(bytes: Uint8Array, filename: string): FeedSource {
  return {
    async open() {
      const { input, fraction } = counted(bytes);
      return { input, filename, fingerprint: `sha256:${sha256(bytes)}`, fraction };
    },
  };
}
