/**
 * The one downloader Loupe has (the embedding model, the C2PA trust lists): resumable, checked,
 * installed atomically.
 *
 * - Bytes go to `<dest>.part`; beside it `<dest>.part.json` says what they are a part of (URL, the
 *   server's validator, the expected size and digest). A download cut off keeps both, and the next
 *   try asks for the rest with `Range: bytes=N-` and `If-Range`, so a changed file starts over
 *   instead of being spliced. A server that ignores Range answers 200: the part is emptied and the
 *   download restarts cleanly.
 * - Once the part is whole, it is read back once (streamed from disk, both digests in one pass:
 *   simpler than carrying hash state across resumes, and cheap beside the download) and checked
 *   against what the caller expects: a sha256, a git blob sha1 (what the
 *   Hugging Face Hub gives as the ETag of a file not stored in LFS), a size. A mismatch deletes the
 *   part and installs nothing.
 * - Only a complete, checked file is renamed onto `dest` (same folder, so the rename is atomic):
 *   `dest` either does not exist or is whole.
 *
 * Hand-written rather than taken from a library: it is Node's fetch + a Range header + node:crypto +
 * a rename, about the size of the glue a library would still need (Hub headers, the trust lists'
 * PEM check, progress), and transformers.js's own downloader, used before, neither resumes nor
 * checks a digest. No npm downloader was evaluated for this.
 */
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface ExpectedFile {
  /** Exact size in bytes. */
  size?: number | undefined;
  /** Lower-case hex sha256 of the whole file. */
  sha256?: string | undefined;
  /** Lower-case hex git blob id: sha1 of `blob <size>\0<bytes>` (needs `size`). */
  gitBlobSha1?: string | undefined;
}

export interface DownloadProgress {
  /** Bytes of the file on disk so far, resumed bytes included. */
  received: number;
  /** The whole file's size when known. */
  total: number | undefined;
  /** Bytes that were already on disk from an earlier try (0 when starting fresh). */
  resumedFrom: number;
}

export interface DownloadOptions {
  url: string;
  /** Where the finished file goes; its folder is created. */
  dest: string;
  expected?: ExpectedFile;
  /** Refuse anything larger (before and while downloading). */
  maxBytes?: number;
  /** Extra request headers, e.g. Authorization: sent only to the URL's own origin, never after a redirect elsewhere. */
  headers?: Record<string, string>;
  /** Called as bytes arrive (at most every 100 ms, and once at the end). */
  onProgress?: (progress: DownloadProgress) => void;
  /** A look at the complete file before it is installed; throwing rejects it (the part is deleted). */
  check?: (partFile: string) => Promise<void>;
  /** false: check the file but leave it at `<dest>.part` for the caller to install (several files at once). */
  install?: boolean;
  signal?: AbortSignal;
  /** No byte for this long (connecting included) ends the try; default 30 s. */
  idleTimeoutMs?: number;
}

export interface DownloadResult {
  /** `dest`, or the checked part when `install: false`. */
  file: string;
  bytes: number;
  sha256: string;
  resumedFrom: number;
}

export type DownloadFailure = 'network' | 'http' | 'checksum' | 'too_large' | 'rejected';

/** A download that did not produce a checked file. `resumable`: the part was kept for the next try. */
export class DownloadError extends Error {
  override readonly name = 'DownloadError';
  constructor(
    readonly kind: DownloadFailure,
    message: string,
    readonly resumable = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

interface PartInfo {
  url: string;
  validator?: string;
  expected?: ExpectedFile;
}

const MAX_REDIRECTS = 5;
const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** Aborts when nothing happened for a while; each sign of life (a chunk) restarts it. Covers connecting, headers and body. */
class IdleWatchdog {
  readonly #controller = new AbortController();
  #timer: NodeJS.Timeout | undefined;
  readonly signal: AbortSignal;
  constructor(
    readonly ms: number,
    outer: AbortSignal | undefined,
  ) {
    this.signal = outer ? AbortSignal.any([outer, this.#controller.signal]) : this.#controller.signal;
    this.alive();
  }
  get fired() {
    return this.#controller.signal.aborted;
  }
  alive() {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#controller.abort(), this.ms);
  }
  stop() {
    clearTimeout(this.#timer);
  }
}
const partFileOf = (dest: string) => `${dest}.part`;
const partInfoOf = (dest: string) => `${dest}.part.json`;

export async function downloadFile(options: DownloadOptions): Promise<DownloadResult> {
  const { dest, url } = options;
  const part = partFileOf(dest);
  const infoFile = partInfoOf(dest);
  const expected = options.expected ?? {};
  if (expected.gitBlobSha1 && expected.size === undefined)
    throw new TypeError('a git blob id is checked only with the size');
  if (expected.size !== undefined && options.maxBytes !== undefined && expected.size > options.maxBytes) {
    throw new DownloadError('too_large', `it is ${expected.size} bytes, more than the ${options.maxBytes} allowed`);
  }
  await mkdir(path.dirname(dest), { recursive: true });

  // Resume only a part of the same thing: the same expected contents, and the same URL unless a
  // digest names the contents (the Hub's URL may name a branch one time and a commit the next).
  const previous = await readPartInfo(infoFile);
  let offset = 0;
  const digestKnown = Boolean(expected.sha256 || expected.gitBlobSha1);
  if (previous && (previous.url === url || digestKnown) && sameExpectation(previous.expected, expected))
    offset = await sizeOf(part);
  else await discardPart(dest);
  if (expected.size !== undefined && offset > expected.size) {
    await discardPart(dest);
    offset = 0;
  }

  for (let tries = 0; ; tries++) {
    const watchdog = new IdleWatchdog(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, options.signal);
    try {
      const done = await attempt(options, watchdog, part, offset, offset > 0 ? previous?.validator : undefined);
      if (done !== 'retry') return done;
    } finally {
      watchdog.stop();
    }
    if (tries > 0) throw new DownloadError('http', `the server refused the range request twice`);
    await discardPart(dest);
    offset = 0;
  }
}

/** One request: a checked file, or 'retry' (the part could not be continued: start over). */
async function attempt(
  options: DownloadOptions,
  watchdog: IdleWatchdog,
  part: string,
  offset: number,
  validator: string | undefined,
): Promise<DownloadResult | 'retry'> {
  const { url, dest } = options;
  const expected = options.expected ?? {};
  {
    const response = await request(options, watchdog, offset, validator);
    if (response.status === 416 && offset > 0) {
      // Asked for bytes past the end: the part may already be whole (cut off just before the rename),
      // or the file shrank. The check below tells; otherwise start over, once.
      await response.body?.cancel();
      return (await finish(options, part, offset, offset)) ?? 'retry';
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new DownloadError('http', `the server answered HTTP ${response.status}`, offset > 0);
    }

    let resumedFrom = offset;
    if (response.status === 206) {
      const start = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        await response.body?.cancel();
        throw new DownloadError('http', `the server sent a range starting at ${start ?? '?'} for bytes=${offset}-`);
      }
    } else if (offset > 0) {
      // The server ignored the range (or If-Range said the file changed): the whole file follows.
      await truncate(part, 0);
      resumedFrom = 0;
    }
    const announced = totalSize(response, resumedFrom);
    if (announced !== undefined && expected.size !== undefined && announced !== expected.size) {
      await response.body?.cancel();
      await discardPart(dest);
      throw new DownloadError(
        'checksum',
        `the server sends ${announced} bytes, expected ${expected.size}; nothing was installed`,
      );
    }
    const total = announced ?? expected.size;
    if (total !== undefined && options.maxBytes !== undefined && total > options.maxBytes) {
      await response.body?.cancel();
      throw new DownloadError('too_large', `it is ${total} bytes, more than the ${options.maxBytes} allowed`);
    }
    await writeFile(
      partInfoOf(dest),
      JSON.stringify({ url, validator: validatorOf(response), expected } satisfies PartInfo),
    );
    await receive(options, watchdog, response, part, resumedFrom, total);
    const done = await finish(options, part, resumedFrom, total);
    if (!done)
      throw new DownloadError(
        'network',
        `cut off after ${await sizeOf(part)} bytes (the connection ended early)`,
        true,
      );
    return done;
  }
}

/** GET with the range, following redirects by hand so extra headers (a token) never leave their origin. */
async function request(
  options: DownloadOptions,
  watchdog: IdleWatchdog,
  offset: number,
  validator: string | undefined,
): Promise<Response> {
  let url = options.url;
  const origin = new URL(url).origin;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const headers: Record<string, string> = {
      'accept-encoding': 'identity',
      ...(new URL(url).origin === origin ? options.headers : {}),
    };
    if (offset > 0) {
      headers.range = `bytes=${offset}-`;
      if (validator) headers['if-range'] = validator;
    }
    let response: Response;
    try {
      response = await fetch(url, { headers, redirect: 'manual', signal: watchdog.signal });
    } catch (error) {
      const why = watchdog.fired ? `no answer in ${watchdog.ms / 1000} s` : describeError(error);
      throw new DownloadError('network', why, offset > 0, { cause: error });
    }
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.body?.cancel();
      url = new URL(location, url).toString();
      continue;
    }
    return response;
  }
  throw new DownloadError('http', `more than ${MAX_REDIRECTS} redirects`);
}

/**
 * Appends the body to the part, chunk by chunk, each write awaited: whatever happens, the part
 * holds exactly the bytes received, so a cut-off leaves a part the next try can continue.
 */
async function receive(
  options: DownloadOptions,
  watchdog: IdleWatchdog,
  response: Response,
  part: string,
  start: number,
  total: number | undefined,
) {
  if (!response.body) return;
  let received = start;
  let lastReport = 0;
  const report = () => options.onProgress?.({ received, total, resumedFrom: start });
  const file = await open(part, 'a');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      watchdog.alive();
      if (options.maxBytes !== undefined && received + chunk.length > options.maxBytes) {
        await file.close();
        await discardPart(options.dest);
        throw new DownloadError('too_large', `it is more than the ${options.maxBytes} bytes allowed`);
      }
      await file.write(chunk);
      received += chunk.length;
      const now = Date.now();
      if (now - lastReport >= 100) {
        lastReport = now;
        report();
      }
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    const why = watchdog.fired ? `no data for ${watchdog.ms / 1000} s` : describeError(error);
    throw new DownloadError('network', `cut off after ${received} bytes (${why})`, true, { cause: error });
  } finally {
    await file.close().catch(() => undefined);
  }
  report();
}

/**
 * Checks a part that should be complete; installs it when asked. Undefined when it is too short
 * (kept, to resume); throws, deleting it, when it is complete but wrong.
 */
async function finish(
  options: DownloadOptions,
  part: string,
  resumedFrom: number,
  total: number | undefined,
): Promise<DownloadResult | undefined> {
  const expected = options.expected ?? {};
  const bytes = await sizeOf(part);
  const size = expected.size ?? total;
  if (size !== undefined && bytes < size) return undefined;
  const reject = async (message: string, kind: DownloadFailure = 'checksum') => {
    await discardPart(options.dest);
    throw new DownloadError(kind, message);
  };
  if (size !== undefined && bytes !== size)
    return reject(`got ${bytes} bytes, expected ${size}; nothing was installed`);
  const { sha256, gitBlobSha1 } = await digestsOf(part, bytes);
  if (expected.sha256 && sha256 !== expected.sha256)
    return reject(`sha256 ${sha256} does not match the expected ${expected.sha256}; nothing was installed`);
  if (expected.gitBlobSha1 && gitBlobSha1 !== expected.gitBlobSha1)
    return reject(
      `git blob id ${gitBlobSha1} does not match the expected ${expected.gitBlobSha1}; nothing was installed`,
    );
  if (options.check) {
    try {
      await options.check(part);
    } catch (error) {
      return reject(error instanceof Error ? error.message : String(error), 'rejected');
    }
  }
  await rm(partInfoOf(options.dest), { force: true });
  if (options.install === false) return { file: part, bytes, sha256, resumedFrom };
  await rename(part, options.dest);
  return { file: options.dest, bytes, sha256, resumedFrom };
}

/** Both digests in one read of the file (a model file is read once more; cheap beside downloading it). */
async function digestsOf(file: string, size: number): Promise<{ sha256: string; gitBlobSha1: string }> {
  const sha256: Hash = createHash('sha256');
  const gitBlob: Hash = createHash('sha1').update(`blob ${size}\0`);
  for await (const chunk of createReadStream(file)) {
    sha256.update(chunk as Buffer);
    gitBlob.update(chunk as Buffer);
  }
  return { sha256: sha256.digest('hex'), gitBlobSha1: gitBlob.digest('hex') };
}

/** Installs parts left by `install: false` downloads, each atomically (a rename). */
export async function installParts(dests: readonly string[]): Promise<void> {
  for (const dest of dests) await rename(partFileOf(dest), dest);
}

export async function discardPart(dest: string): Promise<void> {
  await Promise.all([rm(partFileOf(dest), { force: true }), rm(partInfoOf(dest), { force: true })]);
}

function totalSize(response: Response, start: number): number | undefined {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1];
  if (range) return Number(range);
  const length = response.headers.get('content-length');
  return length !== null && /^\d+$/.test(length) ? start + Number(length) : undefined;
}

/** A strong ETag or Last-Modified: what If-Range may carry (a weak ETag may not). */
function validatorOf(response: Response): string | undefined {
  const etag = response.headers.get('etag');
  if (etag && !etag.startsWith('W/')) return etag;
  return response.headers.get('last-modified') ?? undefined;
}

function sameExpectation(a: ExpectedFile | undefined, b: ExpectedFile): boolean {
  return (
    (a?.size ?? null) === (b.size ?? null) &&
    (a?.sha256 ?? null) === (b.sha256 ?? null) &&
    (a?.gitBlobSha1 ?? null) === (b.gitBlobSha1 ?? null)
  );
}

async function readPartInfo(file: string): Promise<PartInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as PartInfo;
    return typeof info.url === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

async function sizeOf(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch {
    return 0;
  }
}

/** A short reason: Node's fetch hides the useful part ("ECONNREFUSED") in `cause`. */
export function describeError(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return 'no answer in time';
  if (error instanceof Error) {
    const cause =
      error.cause instanceof Error ? ` (${(error.cause as NodeJS.ErrnoException).code ?? error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
