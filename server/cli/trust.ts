import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { discardPart, DownloadError, downloadFile, installParts } from '../platform/downloads/download-file';
import type { Env } from '../env';
import { countPemCertificates, loadTrustLists, TRUST_LIST_FILES, trustListDir } from '../features/provenance';
import { UsageError } from './usage-error';

const USAGE = `npm run server -- trust update [--anchors-url URL] [--tsa-url URL]
  download the official C2PA trust list and TSA trust list into LOUPE_DATA_DIR/trust/
  (used at the next start when LOUPE_TRUST_ANCHORS and LOUPE_TRUST_CONFIG are unset;
  the URLs default to LOUPE_TRUST_ANCHORS_URL and LOUPE_TRUST_TSA_URL)`;

/** A download or check failed; the lists already saved are left as they were. */
export class TrustUpdateError extends Error {
  override name = 'TrustUpdateError';
}

/** A trust list is a few hundred kB at most; anything far bigger is not one. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;
/** `sha256sum -c SHA256SUMS` in the trust folder checks the saved lists. */
export const TRUST_SUMS_FILE = 'SHA256SUMS';

interface Download {
  label: string;
  url: string;
  file: string;
  certificates: number;
  sha256: string;
}

async function download(label: string, url: string, file: string, signal: AbortSignal | undefined): Promise<Download> {
  let certificates = 0;
  try {
    const result = await downloadFile({
      url,
      dest: file,
      maxBytes: MAX_LIST_BYTES,
      install: false, // both lists are installed together, once both are good
      ...(signal ? { signal } : {}),
      check: async (part) => {
        certificates = countPemCertificates(await readFile(part, 'utf8'));
      },
    });
    return { label, url, file, certificates, sha256: result.sha256 };
  } catch (error) {
    if (error instanceof DownloadError && error.kind === 'rejected') {
      throw new TrustUpdateError(
        `The ${label} downloaded from ${url} is not a list of PEM certificates (${error.message}). Nothing was changed.`,
      );
    }
    const resumes =
      error instanceof DownloadError && error.resumable ? ' What arrived is kept: the next try resumes it.' : '';
    throw new TrustUpdateError(
      `Could not download the ${label} from ${url}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.${resumes}`,
      { cause: error },
    );
  }
}

export interface TrustUpdateOptions {
  dataDir: string;
  anchorsUrl: string;
  tsaUrl: string;
  log?: (line: string) => void;
  signal?: AbortSignal;
}

/**
 * Downloads both lists (resuming a part left by a cut-off try), checks that each is a list of PEM
 * certificates that parse, and only then installs both, each atomically (a rename beside the
 * target), recording their sha256 in SHA256SUMS. A failed download or a bad list changes nothing.
 */
export async function updateTrustLists({ dataDir, anchorsUrl, tsaUrl, log = console.log, signal }: TrustUpdateOptions) {
  const dir = trustListDir(dataDir);
  const settled = await Promise.allSettled([
    download('C2PA trust list', anchorsUrl, path.join(dir, TRUST_LIST_FILES.anchors), signal),
    download('C2PA TSA trust list', tsaUrl, path.join(dir, TRUST_LIST_FILES.tsa), signal),
  ]);
  const failed = settled.find((item) => item.status === 'rejected');
  if (failed) {
    // A list that came whole is not kept waiting for the other (they are small); one cut off is, to resume.
    await Promise.all(settled.map((item) => item.status === 'fulfilled' && discardPart(item.value.file)));
    throw failed.reason;
  }
  const downloads = settled.map((item) => (item as PromiseFulfilledResult<Download>).value);
  await installParts(downloads.map((item) => item.file));
  await writeFile(
    path.join(dir, TRUST_SUMS_FILE),
    downloads.map((item) => `${item.sha256}  ${path.basename(item.file)}\n`).join(''),
  );
  for (const item of downloads) {
    log(
      `Saved the ${item.label}: ${item.certificates} certificate${item.certificates === 1 ? '' : 's'} from ${item.url}\n  → ${item.file} (sha256 ${item.sha256})`,
    );
  }
  return downloads;
}

/** `trust update [--anchors-url URL] [--tsa-url URL]`. Needs no database, so it runs beside a running server. */
export async function trustCommand(args: string[], env: Env): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'anchors-url': { type: 'string', default: env.LOUPE_TRUST_ANCHORS_URL },
        'tsa-url': { type: 'string', default: env.LOUPE_TRUST_TSA_URL },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'update') throw new UsageError(USAGE);
  for (const [flag, value] of [
    ['--anchors-url', values['anchors-url']],
    ['--tsa-url', values['tsa-url']],
  ] as const) {
    const url = URL.parse(value);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:'))
      throw new UsageError(`${flag} must be an http(s) URL (got ${JSON.stringify(value)})\n\n${USAGE}`);
  }
  await updateTrustLists({ dataDir: env.LOUPE_DATA_DIR, anchorsUrl: values['anchors-url'], tsaUrl: values['tsa-url'] });
  // Read back the way the server reads them: what its next start will use, the new lists or the settings that win over them.
  const { source } = loadTrustLists(env);
  console.log(`From its next start Loupe uses ${source}.`);
}
