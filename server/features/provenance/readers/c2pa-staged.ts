import type { TrustSettings } from '../trust';
import { readC2paStore, readC2paStoreUnvalidated, warmC2paReader } from './c2pa-wasm';
import type { C2paReadOutcome } from './c2pa-wasm';

/**
 * Reading Content Credentials in two stages. Full validation of most files
 * takes tens of ms, but a store of many nested manifests (Google's "inputs of
 * inputs", 30 manifests) takes seconds with trust checks. A caller should not
 * wait that long for a first answer, so:
 *
 * 1. Full validation starts, and is awaited for up to `provisionalAfterMs`.
 * 2. If it is not done by then, the store read without validation (a
 *    separate worker, so it does not queue behind the validation; started
 *    halfway through the wait) is the answer for now.
 * 3. Validation carries on to its own time limit; `validation` resolves with it.
 */
export type StagedC2paRead =
  | { validated: true; outcome: C2paReadOutcome }
  | { validated: false; outcome: C2paReadOutcome; validation: Promise<C2paReadOutcome> };

export interface StagedC2paOptions {
  trust: TrustSettings | undefined;
  /** The full validation's own limit: it is stopped after this. */
  validationTimeoutMs: number;
  /** How long to wait for the full validation before answering from the unvalidated reading. */
  provisionalAfterMs: number;
}

/**
 * The unvalidated reading gets this long at most. The largest fixture store
 * (30 manifests) reads in 0.4-0.8 s on a busy 2-core machine; past this it
 * is not a quick answer any more, and the provisional answer says the store
 * could not be read yet.
 */
const UNVALIDATED_READ_LIMIT_MS = 1_000;

export const readC2paStaged = async (
  bytes: Uint8Array,
  mimeType: string,
  options: StagedC2paOptions,
): Promise<StagedC2paRead> => {
  const validation = readC2paStore(bytes, mimeType, options.trust, options.validationTimeoutMs);
  // Nothing to gain from a reading that would be cut short with the validation.
  if (options.provisionalAfterMs >= options.validationTimeoutMs) return { validated: true, outcome: await validation };

  // Start the reading worker now: if it is needed, its start-up should be behind us by then.
  warmC2paReader();
  const patience = Math.max(0, options.provisionalAfterMs);
  // The reading starts halfway through the patience: files that validate quickly (nearly all)
  // never pay for it, and a slow one has its reading (up to a second under load) mostly done
  // when the patience runs out.
  if (await finishesWithin(validation, patience / 2)) return { validated: true, outcome: await validation };
  const reading = readC2paStoreUnvalidated(
    bytes,
    mimeType,
    Math.min(UNVALIDATED_READ_LIMIT_MS, options.validationTimeoutMs),
  );
  if (await finishesWithin(validation, patience - patience / 2)) return { validated: true, outcome: await validation };

  // Past the patience the answer is provisional, even if the validation happens to finish while
  // the reading completes: one rule, so the same budget always gives the same kind of answer.
  const outcome = await reading;
  return { validated: false, outcome, validation };
};

/** Whether `work` settles within `ms` (it is not stopped either way). */
const finishesWithin = async (work: Promise<unknown>, ms: number): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  const settled = await Promise.race([work.then(() => true as const), timeout]);
  clearTimeout(timer);
  return settled;
};
