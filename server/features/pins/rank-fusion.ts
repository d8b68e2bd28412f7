/**
 * Reciprocal rank fusion (Cormack, Clarke & Büttcher, SIGIR 2009): several ranked lists become one,
 * each item scoring Σ 1 / (K + rank) over the lists it is in. Only ranks count, never the lists' own
 * scores, so lists whose scores mean different things (text rank, cosine similarity) and lists from
 * different queries (one per pin of a board) weigh the same: no one list can drown the others.
 */

/** The usual constant: it damps the lead of the very first ranks. */
export const RRF_K = 60;

export interface FusedItem<Id> {
  id: Id;
  /** The fused score relative to the best possible (first in every list): 0..1. */
  score: number;
  /** The lists the item is in (their indexes), the one that ranks it highest first. */
  from: number[];
}

/** Fuses ranked lists of ids (best first; an id's first place in a list counts). Ties go to the earlier list's order. */
export function fuseRankings<Id>(lists: readonly (readonly Id[])[], k = RRF_K): FusedItem<Id>[] {
  return fuse(lists, k, (a, b) => b.sum - a.sum);
}

/**
 * Round robin over the lists: every list's first item comes before any list's second, and so on;
 * within a round, the fused score orders (what more lists rank high first). RRF alone lets an item
 * that is second in many lists pass one that is first in a single list: fair to the lists that agree,
 * not to the one list that stands alone (one pin of a board unlike the others).
 */
export function interleaveRankings<Id>(lists: readonly (readonly Id[])[], k = RRF_K): FusedItem<Id>[] {
  return fuse(lists, k, (a, b) => a.bestRank - b.bestRank || b.sum - a.sum);
}

interface Entry {
  sum: number;
  bestRank: number;
  ranks: { list: number; rank: number }[];
  order: number;
}

function fuse<Id>(
  lists: readonly (readonly Id[])[],
  k: number,
  compare: (a: Entry, b: Entry) => number,
): FusedItem<Id>[] {
  const fused = new Map<Id, Entry>();
  lists.forEach((list, listIndex) => {
    const seen = new Set<Id>();
    list.forEach((id, rank) => {
      if (seen.has(id)) return;
      seen.add(id);
      const entry = fused.get(id) ?? { sum: 0, bestRank: rank, ranks: [], order: fused.size };
      entry.sum += 1 / (k + rank + 1);
      entry.bestRank = Math.min(entry.bestRank, rank);
      entry.ranks.push({ list: listIndex, rank });
      fused.set(id, entry);
    });
  });
  const best = lists.filter((list) => list.length > 0).length / (k + 1);
  return [...fused]
    .sort(([, a], [, b]) => compare(a, b) || a.order - b.order)
    .map(([id, entry]) => ({
      id,
      score: best > 0 ? entry.sum / best : 0,
      from: entry.ranks.sort((a, b) => a.rank - b.rank || a.list - b.list).map((r) => r.list),
    }));
}
