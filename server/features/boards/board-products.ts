import type { BoardProductResult, BoardProductsResponse, ProductFilters } from '../../../utils/contract';
import type { Catalog } from '../catalog';
import { interleaveRankings, type PinSearch } from '../pins';

/**
 * Shop this board: each pin (the board's newest embedded ones) finds the products that look like it,
 * and the per-pin lists are merged round robin (each pin's best match, then each pin's second…, the
 * products more pins rank high first within a round). A mean of the pins' vectors would land between
 * a lamp and a chair and find neither; merging ranks lets every pin bring its own best matches, and
 * says which pins each product answers (`because`).
 */
export async function shopBoard(
  { pinSearch, catalog }: { pinSearch: PinSearch; catalog: Pick<Catalog, 'similarToVector'> },
  userId: string,
  boardId: string,
  { k, filters }: { k: number; filters: ProductFilters },
): Promise<BoardProductsResponse | undefined> {
  const board = await pinSearch.boardVectors(userId, boardId);
  if (!board) return undefined;
  // One after another: each search holds a connection, and PGlite has one.
  const perPin = [];
  for (const pin of board.pins)
    perPin.push(await catalog.similarToVector(pin.vector, { k, filters, viewerId: userId }));
  const found = new Map(perPin.flat().map((result) => [result.product.id, result]));
  const results: BoardProductResult[] = interleaveRankings(
    perPin.map((list) => list.map((result) => result.product.id)),
  )
    .slice(0, k)
    .map(({ id, score, from }) => ({
      ...found.get(id)!,
      score: Math.round(score * 1e6) / 1e6,
      because: from.map((list) => board.pins[list]!.pinId),
    }));
  return { results, pinsUsed: board.pins.length, pinsPending: board.pending };
}
