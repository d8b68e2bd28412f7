/**
 * What `npm start` (`serve --local-user`) sets up by itself: the embedding model and the C2PA trust
 * lists, when they are missing. It runs after the server listens, in the background, so the
 * backend answers at once; what arrives is used without a restart (the embedder loads lazily and
 * retries a failed load; the trust lists are re-read).
 *
 * Offline (LOUPE_OFFLINE=1, or the download hosts do not take a connection within a few seconds)
 * it downloads nothing and says in one line what is missing and what works without it. A download
 * cut off keeps its part: the next start (or `models fetch` / `trust update`) resumes it.
 */
import { connect } from 'node:net';
import { progressPrinter } from '../platform/downloads/progress-printer';
import { fetchModel, locateModel, missingImageFiles } from '../features/catalog';
import type { Env } from '../env';
import { locateTrustLists } from '../features/provenance';
import { updateTrustLists } from './trust';

type Need = 'model' | 'trust';

const WITHOUT: Record<Need, string> = {
  model: 'no embedding model (similar search answers 503 until `npm run server -- models fetch`)',
  trust: 'no C2PA trust lists (signers shown as unchecked until `npm run server -- trust update`)',
};

/** How long a download host may take to accept a connection before we call ourselves offline. */
export const REACH_TIMEOUT_MS = 3_000;

/** What is missing that `npm start` would download. */
export function missingDownloads(env: Env): Need[] {
  const needs: Need[] = [];
  if (missingImageFiles(locateModel(env.LOUPE_MODEL_DIR, env.LOUPE_EMBED_MODEL, 'q8')).length > 0) needs.push('model');
  // The lists the server would load: none, or only part of what `trust update` saves.
  const trust = locateTrustLists(env);
  if (trust.from === 'none' || (trust.from === 'downloaded' && !trust.complete)) needs.push('trust');
  return needs;
}

export const offlineLine = (reason: string, needs: readonly Need[]) =>
  `Offline (${reason}): ${needs.map((need) => WITHOUT[need]).join(', ')}; everything else works.`;

/** Whether a TCP connection to the URL's host opens within the time: fast to fail when there is no network. */
export function canConnect(url: string, timeoutMs = REACH_TIMEOUT_MS): Promise<string | undefined> {
  const { hostname, port, protocol } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({
      host: hostname.replace(/^\[|\]$/g, ''),
      port: Number(port || (protocol === 'https:' ? 443 : 80)),
    });
    const done = (problem: string | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(problem);
    };
    const timer = setTimeout(() => done(`${hostname}: no answer in ${timeoutMs / 1000} s`), timeoutMs);
    socket.once('connect', () => done(undefined));
    socket.once('error', (error: NodeJS.ErrnoException) =>
      done(`cannot reach ${hostname}: ${error.code ?? error.message}`),
    );
  });
}

export interface FirstRunOptions {
  log?: (line: string) => void;
  /** Model download progress (default: drawn on stdout). */
  progressStream?: NodeJS.WriteStream;
  signal?: AbortSignal;
  /** Called once new trust lists are saved, so the running server uses them. */
  onTrustInstalled?: () => void;
  reachTimeoutMs?: number;
}

export async function firstRunSetup(env: Env, options: FirstRunOptions = {}): Promise<void> {
  const log = options.log ?? console.log;
  const needs = missingDownloads(env);
  if (needs.length === 0) return;
  if (env.LOUPE_OFFLINE) return log(offlineLine('LOUPE_OFFLINE=1', needs));

  const sources: Record<Need, string[]> = {
    model: [env.LOUPE_MODEL_BASE_URL],
    trust: [env.LOUPE_TRUST_ANCHORS_URL, env.LOUPE_TRUST_TSA_URL],
  };
  const problems = await Promise.all(
    needs.map(async (need) =>
      (await Promise.all(sources[need].map((url) => canConnect(url, options.reachTimeoutMs)))).find(Boolean),
    ),
  );
  const unreachable = needs.filter((_, index) => problems[index]);
  if (unreachable.length > 0) log(offlineLine([...new Set(problems.filter(Boolean))].join('; '), unreachable));
  const reachable = needs.filter((need) => !unreachable.includes(need));
  if (reachable.length === 0) return;

  log(
    `First run: downloading ${reachable.map((need) => (need === 'model' ? `the embedding model ${env.LOUPE_EMBED_MODEL}` : 'the C2PA trust lists')).join(' and ')} in the background; the server already answers.`,
  );
  const signal = options.signal;
  if (reachable.includes('trust')) {
    try {
      await updateTrustLists({
        dataDir: env.LOUPE_DATA_DIR,
        anchorsUrl: env.LOUPE_TRUST_ANCHORS_URL,
        tsaUrl: env.LOUPE_TRUST_TSA_URL,
        log: (line) => log(`  ${line}`),
        ...(signal ? { signal } : {}),
      });
      options.onTrustInstalled?.();
      log('C2PA trust lists in use: signers are now checked.');
    } catch (error) {
      if (signal?.aborted) return;
      log(`${(error as Error).message} Signers stay unchecked; the next start tries again.`);
    }
  }
  if (reachable.includes('model') && !signal?.aborted) {
    try {
      const result = await fetchModel({
        modelDir: env.LOUPE_MODEL_DIR,
        modelId: env.LOUPE_EMBED_MODEL,
        baseUrl: env.LOUPE_MODEL_BASE_URL,
        token: process.env.HF_TOKEN,
        onProgress: progressPrinter(options.progressStream),
        ...(signal ? { signal } : {}),
      });
      log(
        `Embedding model ready in ${result.root}: similar search works now${result.textTower ? ', and keyword search blends in text-to-image similarity' : ''}.`,
      );
    } catch (error) {
      if (signal?.aborted) return;
      log(
        `${(error as Error).message}. Similar search answers 503 until the model is there; the next start ${'resumable' in (error as object) && (error as { resumable: boolean }).resumable ? 'resumes the download' : 'tries again'} (or run \`npm run server -- models fetch\`).`,
      );
    }
  }
}
