import type { SavePinResult } from '../contract';

/**
 * The tally of a "save many": how many of its saves the backend has taken,
 * and how many of those it already had (`already-saved`). The side panel
 * shows it while the saves go through the queue, which may take a while
 * (backend down, worker stopped): so it is kept in storage, like the queue.
 */
export interface SaveBatch {
  id: string;
  boardId: string;
  boardName: string;
  total: number;
  created: number;
  alreadySaved: number;
  createdAt: number;
}

/** How many finished batches are remembered (the panel shows the newest). */
export const KEPT_BATCHES = 5;

export const isDone = (batch: SaveBatch) => batch.created + batch.alreadySaved >= batch.total;

/** A new batch joins the list; only the newest few are kept. */
export function startBatch(batches: readonly SaveBatch[], batch: SaveBatch): SaveBatch[] {
  return [batch, ...batches.filter((other) => other.id !== batch.id)].slice(0, KEPT_BATCHES);
}

/** One save of a batch was acknowledged: count its outcome (a batch forgotten meanwhile is left alone). */
export function countOutcome(
  batches: readonly SaveBatch[],
  batchId: string,
  outcome: SavePinResult['outcome'],
): SaveBatch[] {
  return batches.map((batch) =>
    batch.id !== batchId
      ? batch
      : outcome === 'created'
        ? { ...batch, created: batch.created + 1 }
        : { ...batch, alreadySaved: batch.alreadySaved + 1 },
  );
}
