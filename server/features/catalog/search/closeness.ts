import type { ProductSearchResult, SimilarProductsResponse } from '../../../../utils/contract';

/**
 * The similarity from which a similar-search result counts as a close match (likely the same product).
 *
 * Calibrated on the fixture retrieval benchmark (`npm run bench -- closeness`: 150 transformed queries,
 * 50 catalogue images + 100 distractors, fixture model local/mnv2-as-clip-vision q8):
 * - a query's own product scores at least 0.78 for 91% of queries (median 0.85);
 * - with its product left out, the best unrelated product scores 0.78 or more for 8% of queries (median 0.72).
 * 0.78 is where the two rates are furthest apart (Youden's J, 0.83). Below it, results are shown as
 * "not close", and a search with none above it says that nothing looks like the image.
 *
 * The figure belongs to that model: another model spreads its similarities differently; re-run the
 * benchmark with LOUPE_MODEL_DIR / LOUPE_EMBED_MODEL pointing at it and change this constant.
 */
export const CLOSE_MATCH_SIMILARITY = 0.78;

/** Cosine similarity can be negative for unrelated images; clients get 0 (nothing alike) to 1 (the same image). */
export const similarityOf = (score: number) => Math.min(1, Math.max(0, score));

/** Similar-search results, closest first, each with its similarity and whether it is close, and whether any is. */
export function withCloseness(
  results: ProductSearchResult[],
  threshold = CLOSE_MATCH_SIMILARITY,
): SimilarProductsResponse {
  const rated = results
    .map((result) => {
      const similarity = similarityOf(result.score);
      return { ...result, similarity, close: similarity >= threshold };
    })
    .sort((a, b) => b.similarity - a.similarity);
  return { results: rated, closeMatch: rated.some((result) => result.close), closeMatchSimilarity: threshold };
}
