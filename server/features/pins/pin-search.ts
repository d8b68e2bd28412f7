import type { PinMatch, PinSearchResult } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import type { Logger } from '../../platform/logger';
import { type ImageEmbedder, PgvectorMissingError } from '../catalog';
import type { PinsRepository } from './pins.repository';
import { fuseRankings } from './rank-fusion';
import { boardPinVectors, nearestPins, pinsMatchingWords, pinVector, pinVectorsSupported } from './pin-vectors';

/**
 * Search your saves. Words find pins two ways, fused by reciprocal rank: by their text (title, alt,
 * note, tags, product), and by meaning, the model's text tower matched against the pins' image
 * vectors, when the model has one. An image (or a pin) finds the pins that look like it.
 */
export interface PinSearchOptions {
  embedder: ImageEmbedder;
  pins: PinsRepository;
  fetchImage: (url: string) => Promise<Uint8Array>;
  logger: Logger;
}

/** How deep each way of matching words looks before fusing. */
const CANDIDATES = 100;
/** Shop this board: the board's newest pins searched for, and the products each contributes. */
export const BOARD_PINS_USED = 24;

export function createPinSearch(db: Database, { embedder, pins, fetchImage, logger }: PinSearchOptions) {
  async function requireVectors() {
    if (!(await pinVectorsSupported(db))) throw new PgvectorMissingError();
    void embedder.dimensions; // throws ModelUnavailableError, saying how to get the model
  }

  async function meaningMatches(userId: string, q: string): Promise<string[]> {
    if (!embedder.hasTextTower || !embedder.embedText || !(await pinVectorsSupported(db))) return [];
    try {
      const vector = await embedder.embedText(q);
      return (await nearestPins(db, userId, embedder.id, vector, { k: CANDIDATES })).map((hit) => hit.pinId);
    } catch (error) {
      logger.warn({ err: error }, 'search by meaning failed; answering by text alone');
      return [];
    }
  }

  async function withPins<T extends { pinId: string }>(userId: string, hits: T[]) {
    const found = await pins.findMany(
      userId,
      hits.map((hit) => hit.pinId),
    );
    return hits.flatMap((hit) => {
      const pin = found.get(hit.pinId);
      return pin ? [{ ...hit, pin }] : [];
    });
  }

  async function nearest(userId: string, vector: Float32Array, k: number, except?: string) {
    const hits = await nearestPins(db, userId, embedder.id, vector, { k, ...(except ? { except } : {}) });
    return (await withPins(userId, hits)).map(({ pin, similarity }) => ({ pin, similarity: round(similarity) }));
  }

  return {
    /** The user's pins matching the words, best first. */
    async byWords(userId: string, q: string, k: number): Promise<PinSearchResult[]> {
      const [text, meaning] = await Promise.all([
        pinsMatchingWords(db, userId, q, CANDIDATES),
        meaningMatches(userId, q),
      ]);
      const lists: [PinMatch, string[]][] = [
        ['text', text],
        ['meaning', meaning],
      ];
      const fused = fuseRankings(lists.map(([, ids]) => ids)).slice(0, k);
      const found = await withPins(
        userId,
        fused.map((item) => ({ pinId: item.id, score: item.score, from: item.from })),
      );
      return found.map(({ pin, score, from }) => ({
        pin,
        similarity: round(score),
        matched: from.map((list) => lists[list]![0]),
      }));
    },

    /** The user's pins that look like this image, closest first. Throws PgvectorMissingError, ModelUnavailableError, ImageRejectedError. */
    async likeImage(userId: string, bytes: Uint8Array, k: number): Promise<PinSearchResult[]> {
      await requireVectors();
      return nearest(userId, await embedder.embedImage(bytes), k);
    },

    /** The user's other pins that look like this one; undefined when they have no such pin. */
    async likePin(userId: string, pinId: string, k: number): Promise<PinSearchResult[] | undefined> {
      await requireVectors();
      const pin = await pins.find(userId, pinId);
      if (!pin) return undefined;
      // Not embedded yet (just saved, or its model changed): look at its image now.
      const vector =
        (await pinVector(db, userId, pinId, embedder.id)) ??
        (await embedder.embedImage(await fetchImage(pin.imageUrl)));
      return nearest(userId, vector, k, pinId);
    },

    /** The vectors of a board's newest pins, for "shop this board"; undefined when the user has no such board. */
    async boardVectors(userId: string, boardId: string) {
      await requireVectors();
      return boardPinVectors(db, userId, boardId, embedder.id, BOARD_PINS_USED);
    },
  };
}
export type PinSearch = ReturnType<typeof createPinSearch>;

const round = (value: number) => Math.round(value * 1e6) / 1e6;
