import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Env } from '../env';
import { countPemCertificates, OFFICIAL_TRUST_LIST_URLS, TRUST_LIST_FILES, trustListDir } from '../routes/provenance/trust-lists';
import { UsageError } from './usage-error';

const USAGE = `npm run server -- trust update [--anchors-url URL] [--tsa-url URL]
  download the official C2PA trust list and TSA trust list into LOUPE_DATA_DIR/trust/
  (used at the next start when LOUPE_TRUST_ANCHORS and LOUPE_TRUST_CONFIG are unset)`;

/** A download or check failed; the lists already saved are left as they were. */
export class TrustUpdateError extends Error {
  override name = 'TrustUpdateError';
}

/** A trust list is a few hundred kB at most; anything far bigger is not one. */
const MAX_LIST_BYTES = 8 * 1024 * 1024;
const DOWNLOAD_TIMEOUT_MS = 30_000;

interface Download {
  label: string;
  url: string;
  file: string;
  text: string;
  certificates: number;
}

async function download(label: string, url: string, file: string): Promise<Download> {
  let text: string;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' });
    if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
    const declared = Number(response.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > MAX_LIST_BYTES) throw new Error(`it is ${declared} bytes, more than a trust list can be`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.byteLength > MAX_LIST_BYTES) throw new Error(`it is ${bytes.byteLength} bytes, more than a trust list can be`);
    text = new TextDecoder().decode(bytes);
  } catch (error) {
    throw new TrustUpdateError(`Could not download the ${label} from ${url}: ${describe(error)}. Nothing was changed.`);
  }
  let certificates: number;
  try {
    certificates = countPemCertificates(text);
  } catch (error) {
    throw new TrustUpdateError(`The ${label} downloaded from ${url} is not a list of PEM certificates (${describe(error)}). Nothing was changed.`);
  }
  return { label, url, file, text, certificates };
}

function describe(error: unknown): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${DOWNLOAD_TIMEOUT_MS / 1000} s`;
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

export interface TrustUpdateOptions {
  dataDir: string;
  anchorsUrl?: string;
  tsaUrl?: string;
  log?: (line: string) => void;
}

/**
 * Downloads both lists, checks that each is a list of PEM certificates that parse, and only then
 * replaces the saved files, each atomically (written beside the target, then renamed over it).
 * A failed download or a bad list changes nothing.
 */
export async function updateTrustLists({ dataDir, anchorsUrl = OFFICIAL_TRUST_LIST_URLS.anchors, tsaUrl = OFFICIAL_TRUST_LIST_URLS.tsa, log = console.log }: TrustUpdateOptions) {
  const dir = trustListDir(dataDir);
  const downloads = await Promise.all([
    download('C2PA trust list', anchorsUrl, path.join(dir, TRUST_LIST_FILES.anchors)),
    download('C2PA TSA trust list', tsaUrl, path.join(dir, TRUST_LIST_FILES.tsa)),
  ]);
  await mkdir(dir, { recursive: true });
  const temps = downloads.map((item) => `${item.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await Promise.all(downloads.map((item, index) => writeFile(temps[index]!, item.text, { mode: 0o644 })));
    for (const [index, item] of downloads.entries()) await rename(temps[index]!, item.file);
  } finally {
    await Promise.all(temps.map((temp) => rm(temp, { force: true })));
  }
  for (const item of downloads) log(`Saved the ${item.label}: ${item.certificates} certificate${item.certificates === 1 ? '' : 's'} from ${item.url}\n  → ${item.file}`);
  log('Loupe uses these from its next start, unless LOUPE_TRUST_ANCHORS or LOUPE_TRUST_CONFIG is set.');
  return downloads.map(({ label, url, file, certificates }) => ({ label, url, file, certificates }));
}

/** `trust update [--anchors-url URL] [--tsa-url URL]`. Needs no database, so it runs beside a running server. */
export async function trustCommand(args: string[], env: Env): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { 'anchors-url': { type: 'string', default: OFFICIAL_TRUST_LIST_URLS.anchors }, 'tsa-url': { type: 'string', default: OFFICIAL_TRUST_LIST_URLS.tsa } },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== 'update') throw new UsageError(USAGE);
  for (const [flag, value] of [['--anchors-url', values['anchors-url']], ['--tsa-url', values['tsa-url']]] as const) {
    const url = URL.parse(value);
    if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) throw new UsageError(`${flag} must be an http(s) URL (got ${JSON.stringify(value)})\n\n${USAGE}`);
  }
  await updateTrustLists({ dataDir: env.LOUPE_DATA_DIR, anchorsUrl: values['anchors-url'], tsaUrl: values['tsa-url'] });
}
