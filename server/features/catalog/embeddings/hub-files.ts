/**
 * What the Hugging Face Hub (or a mirror with its URL layout) says about one file of a model repo,
 * read the way huggingface_hub and huggingface.js do: a HEAD on
 * `{base}/{model}/resolve/{revision}/{file}` without following the redirect, because a file kept
 * in LFS answers with a redirect to its storage whose own headers describe the redirect, not the
 * file. The Hub puts the file's facts on that first answer:
 *
 * - `X-Linked-Etag` (LFS files): the file's sha256; else `ETag`: for a file kept in git, its git
 *   blob id (sha1 of `blob <size>\0<bytes>`). Either may be quoted, or weak (`W/"…"`).
 * - `X-Linked-Size` (LFS files), else `Content-Length`.
 * - `X-Repo-Commit`: the commit the revision resolved to, so every file can come from that one commit.
 */
import type { ExpectedFile } from '../../../platform/downloads/download-file';
import { describeError } from '../../../platform/downloads/download-file';

/** The Hugging Face Hub, where `models fetch` (and `npm start`'s first run) get the embedding model. */
export const DEFAULT_MODEL_BASE_URL = 'https://huggingface.co';

export interface HubFile {
  url: string;
  expected: ExpectedFile;
  /** The commit `revision` resolved to, when the server says. */
  commit: string | undefined;
}

/** The Hub answered in a way that stops the fetch (not found is not one of them: see `hubFile`). */
export class HubRequestError extends Error {
  override readonly name = 'HubRequestError';
}

export const hubFileUrl = (baseUrl: string, modelId: string, revision: string, file: string) =>
  `${baseUrl}/${modelId}/resolve/${encodeURIComponent(revision)}/${file.split('/').map(encodeURIComponent).join('/')}`;

/** The file's URL, size and digest; undefined when the repo has no such file (404). */
export async function hubFile(options: {
  baseUrl: string;
  modelId: string;
  revision: string;
  file: string;
  headers: Record<string, string>;
  signal?: AbortSignal;
}): Promise<HubFile | undefined> {
  const url = hubFileUrl(options.baseUrl, options.modelId, options.revision, options.file);
  const timeout = AbortSignal.timeout(30_000);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'HEAD',
      redirect: 'manual',
      // Content-Length of what would be sent: the real size only when nothing compresses it.
      headers: { 'accept-encoding': 'identity', ...options.headers },
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
  } catch (error) {
    throw new HubRequestError(`cannot reach ${new URL(url).host}: ${describeError(error)}`, { cause: error });
  }
  if (response.status === 404) return undefined;
  if (response.status === 401 || response.status === 403) {
    throw new HubRequestError(
      `${url} answered HTTP ${response.status}: a private or gated model needs HF_TOKEN set to a token that may read it`,
    );
  }
  const redirected = response.status >= 300 && response.status < 400 && response.headers.has('location');
  if (!response.ok && !redirected) throw new HubRequestError(`${url} answered HTTP ${response.status}`);

  const etag = normalizeEtag(response.headers.get('x-linked-etag') ?? response.headers.get('etag'));
  const sizeHeader =
    response.headers.get('x-linked-size') ?? (redirected ? null : response.headers.get('content-length'));
  const size = sizeHeader !== null && /^\d+$/.test(sizeHeader) ? Number(sizeHeader) : undefined;
  const commit = response.headers.get('x-repo-commit') ?? undefined;
  const expected: ExpectedFile = { size };
  if (etag && /^[0-9a-f]{64}$/.test(etag)) expected.sha256 = etag;
  else if (etag && /^[0-9a-f]{40}$/.test(etag) && size !== undefined) expected.gitBlobSha1 = etag;
  return { url, expected, commit: commit && /^[0-9a-f]{40}$/.test(commit) ? commit : undefined };
}

function normalizeEtag(value: string | null): string | undefined {
  if (!value) return undefined;
  return value.replace(/^W\//, '').replace(/^"|"$/g, '').toLowerCase();
}
