import { and, desc, eq, inArray, lt } from 'drizzle-orm';
import type { Pin, SavePinResult, UpdatePin, ValidCreatePin } from '../../../utils/contract';
import type { Database } from '../../db/open-database';
import { boards, pins } from '../../db/schema';
import { isUniqueViolation } from '../../db/unique-violation';

export class UnknownBoardError extends Error {
  override name = 'UnknownBoardError';
}
export class IdempotencyKeyReusedError extends Error {
  override name = 'IdempotencyKeyReusedError';
}
export class PinAlreadyOnBoardError extends Error {
  override name = 'PinAlreadyOnBoardError';
}

type PinRow = typeof pins.$inferSelect;
type NewPin = ValidCreatePin;

export const toPin = (row: PinRow): Pin => ({
  id: row.id,
  boardId: row.boardId,
  imageUrl: row.imageUrl,
  sourceUrl: row.sourceUrl,
  sourceTitle: row.sourceTitle,
  altText: row.altText,
  product: row.product ?? null,
  note: row.note,
  tags: row.tags,
  colors: row.colors,
  width: row.width,
  height: row.height,
  provenance: row.provenanceVerdict && row.provenanceStrength ? ({ verdict: row.provenanceVerdict, strength: row.provenanceStrength } as Pin['provenance']) : null,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** A page position: the `seq` of the last pin shown, opaque to clients. */
export const encodeCursor = (seq: number) => Buffer.from(`pin:${seq}`).toString('base64url');
export function decodeCursor(cursor: string): number | undefined {
  const match = /^pin:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

/** Every query takes the user id: a pin is only ever found through its owner. */
export function createPinsRepository(db: Database) {
  async function ownsBoard(userId: string, boardId: string) {
    const [row] = await db.select({ id: boards.id }).from(boards).where(and(eq(boards.userId, userId), eq(boards.id, boardId)));
    return Boolean(row);
  }

  async function findExisting(userId: string, clientKey: string | undefined, input: NewPin): Promise<SavePinResult | undefined> {
    if (clientKey) {
      const [byKey] = await db.select().from(pins).where(and(eq(pins.userId, userId), eq(pins.clientKey, clientKey)));
      if (byKey) {
        // A retry of the same save: answer as the first attempt did. The same key for another save is a client bug.
        if (byKey.boardId !== input.boardId || byKey.imageUrl !== input.imageUrl) {
          throw new IdempotencyKeyReusedError('This Idempotency-Key was already used for a different save; use a new key for each save.');
        }
        return { outcome: 'created', pin: toPin(byKey) };
      }
    }
    const [onBoard] = await db.select().from(pins).where(and(eq(pins.userId, userId), eq(pins.boardId, input.boardId), eq(pins.imageUrl, input.imageUrl)));
    return onBoard && { outcome: 'already-saved', pin: toPin(onBoard) };
  }

  return {
    /**
     * Saves an image to a board exactly once: a retry with the same key returns
     * the pin the first attempt made, and the same image on the same board is
     * reported as already saved. Safe under concurrent retries: the unique
     * indexes decide, not a read-then-write race.
     */
    async save(userId: string, clientKey: string | undefined, input: NewPin): Promise<SavePinResult> {
      if (!(await ownsBoard(userId, input.boardId))) throw new UnknownBoardError('No such board');
      for (let attempt = 0; attempt < 3; attempt++) {
        const [inserted] = await db
          .insert(pins)
          .values({
            userId,
            clientKey,
            boardId: input.boardId,
            imageUrl: input.imageUrl,
            sourceUrl: input.sourceUrl,
            sourceTitle: input.sourceTitle,
            altText: input.altText,
            product: input.product,
            note: input.note,
            tags: input.tags,
            colors: input.colors,
            width: input.width,
            height: input.height,
            provenanceVerdict: input.provenance?.verdict,
            provenanceStrength: input.provenance?.strength,
          })
          .onConflictDoNothing()
          .returning();
        if (inserted) {
          await db.update(boards).set({ updatedAt: new Date() }).where(eq(boards.id, input.boardId));
          return { outcome: 'created', pin: toPin(inserted) };
        }
        const existing = await findExisting(userId, clientKey, input);
        if (existing) return existing;
        // The conflicting pin was deleted between our insert and our read: try again.
      }
      throw new Error('Could not save the pin after repeated conflicts');
    },

    async find(userId: string, pinId: string): Promise<Pin | undefined> {
      const [row] = await db.select().from(pins).where(and(eq(pins.userId, userId), eq(pins.id, pinId)));
      return row && toPin(row);
    },

    /** One page of a board's pins, newest first. Undefined when the user has no such board. */
    async listForBoard(userId: string, boardId: string, { after, limit }: { after?: number; limit: number }) {
      if (!(await ownsBoard(userId, boardId))) return undefined;
      const rows = await db
        .select()
        .from(pins)
        .where(and(eq(pins.userId, userId), eq(pins.boardId, boardId), after === undefined ? undefined : lt(pins.seq, after)))
        .orderBy(desc(pins.seq))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toPin), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },

    async update(userId: string, pinId: string, change: UpdatePin): Promise<Pin | undefined> {
      if (change.boardId && !(await ownsBoard(userId, change.boardId))) throw new UnknownBoardError('No such board to move the pin to');
      try {
        const [row] = await db
          .update(pins)
          .set({ ...change, updatedAt: new Date() })
          .where(and(eq(pins.userId, userId), eq(pins.id, pinId)))
          .returning();
        return row && toPin(row);
      } catch (error) {
        if (isUniqueViolation(error)) throw new PinAlreadyOnBoardError('That board already has this image');
        throw error;
      }
    },

    /** Where the user saved any of these images. */
    async lookup(userId: string, imageUrls: string[]) {
      if (imageUrls.length === 0) return [];
      return db
        .select({ imageUrl: pins.imageUrl, pinId: pins.id, boardId: pins.boardId, boardName: boards.name })
        .from(pins)
        .innerJoin(boards, eq(boards.id, pins.boardId))
        .where(and(eq(pins.userId, userId), inArray(pins.imageUrl, imageUrls)));
    },

    async remove(userId: string, pinId: string): Promise<boolean> {
      const deleted = await db.delete(pins).where(and(eq(pins.userId, userId), eq(pins.id, pinId))).returning({ id: pins.id });
      return deleted.length > 0;
    },
  };
}
export type PinsRepository = ReturnType<typeof createPinsRepository>;
