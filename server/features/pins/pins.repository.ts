import { and, desc, eq, getTableColumns, inArray, lt, sql } from 'drizzle-orm';
import type { Pin, SavePinResult, UpdatePin, ValidCreatePin } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { boards, pins } from '../../platform/db/schema';
import { isUniqueViolation } from '../../platform/db/unique-violation';

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
  provenance:
    row.provenanceVerdict && row.provenanceStrength
      ? ({ verdict: row.provenanceVerdict, strength: row.provenanceStrength } as Pin['provenance'])
      : null,
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
    const [row] = await db
      .select({ id: boards.id })
      .from(boards)
      .where(and(eq(boards.userId, userId), eq(boards.id, boardId)));
    return Boolean(row);
  }

  /**
   * The save in one statement (one round trip): the board must be the user's, the pin goes in
   * unless a unique index says it is there already (same key, or same image on the board), and a
   * new pin touches its board's updatedAt (boards list most recently saved-to first). Answers
   * the new pin, or nothing when no pin was made: the board is not the user's, or the pin exists.
   */
  async function insertIfOwned(userId: string, clientKey: string | undefined, input: NewPin) {
    const param = <K extends keyof typeof pins._.columns>(value: unknown, column: K) =>
      sql.param(value ?? null, pins[column]);
    const owned = db.$with('owned').as(
      db
        .select({ id: boards.id })
        .from(boards)
        .where(and(eq(boards.userId, userId), eq(boards.id, input.boardId))),
    );
    const inserted = db.$with('inserted', getTableColumns(pins)).as(
      sql`INSERT INTO ${pins} (user_id, client_key, board_id, image_url, source_url, source_title, alt_text, product, note, tags, colors, width, height, provenance_verdict, provenance_strength)
        SELECT ${userId}::uuid, ${param(clientKey, 'clientKey')}::text, owned.id, ${param(input.imageUrl, 'imageUrl')}::text, ${param(input.sourceUrl, 'sourceUrl')}::text,
          ${param(input.sourceTitle, 'sourceTitle')}::text, ${param(input.altText, 'altText')}::text, ${param(input.product, 'product')}::jsonb, ${param(input.note, 'note')}::text,
          ${param(input.tags, 'tags')}::text[], ${param(input.colors, 'colors')}::text[], ${param(input.width, 'width')}::integer, ${param(input.height, 'height')}::integer,
          ${param(input.provenance?.verdict, 'provenanceVerdict')}::text, ${param(input.provenance?.strength, 'provenanceStrength')}::text
        FROM owned
        ON CONFLICT DO NOTHING
        RETURNING *`,
    );
    const touched = db
      .$with('touched', {})
      .as(sql`UPDATE ${boards} SET updated_at = now() WHERE id IN (SELECT board_id FROM inserted) RETURNING 1`);
    // `touched` runs although nothing reads it: PostgreSQL runs every data-modifying WITH once.
    const [pin] = await db.with(owned, inserted, touched).select().from(inserted);
    return pin;
  }

  async function findExisting(
    userId: string,
    clientKey: string | undefined,
    input: NewPin,
  ): Promise<SavePinResult | undefined> {
    if (clientKey) {
      const [byKey] = await db
        .select()
        .from(pins)
        .where(and(eq(pins.userId, userId), eq(pins.clientKey, clientKey)));
      if (byKey) {
        // A retry of the same save: answer as the first attempt did. The same key for another save is a client bug.
        if (byKey.boardId !== input.boardId || byKey.imageUrl !== input.imageUrl) {
          throw new IdempotencyKeyReusedError(
            'This Idempotency-Key was already used for a different save; use a new key for each save.',
          );
        }
        return { outcome: 'created', pin: toPin(byKey) };
      }
    }
    const [onBoard] = await db
      .select()
      .from(pins)
      .where(and(eq(pins.userId, userId), eq(pins.boardId, input.boardId), eq(pins.imageUrl, input.imageUrl)));
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
      for (let attempt = 0; attempt < 3; attempt++) {
        const pin = await insertIfOwned(userId, clientKey, input);
        if (pin) return { outcome: 'created', pin: toPin(pin) };
        // Nothing made (the rare path: a retry, a repeat, a wrong board): find out why.
        if (!(await ownsBoard(userId, input.boardId))) throw new UnknownBoardError('No such board');
        const existing = await findExisting(userId, clientKey, input);
        if (existing) return existing;
        // The conflicting pin was deleted between our insert and our read: try again.
      }
      throw new Error('Could not save the pin after repeated conflicts');
    },

    async find(userId: string, pinId: string): Promise<Pin | undefined> {
      const [row] = await db
        .select()
        .from(pins)
        .where(and(eq(pins.userId, userId), eq(pins.id, pinId)));
      return row && toPin(row);
    },

    /** Several of the user's pins by id (others' ids find nothing). */
    async findMany(userId: string, pinIds: readonly string[]): Promise<Map<string, Pin>> {
      if (pinIds.length === 0) return new Map();
      const rows = await db
        .select()
        .from(pins)
        .where(and(eq(pins.userId, userId), inArray(pins.id, [...pinIds])));
      return new Map(rows.map((row) => [row.id, toPin(row)]));
    },

    /** One page of a board's pins, newest first. Undefined when the user has no such board. */
    async listForBoard(userId: string, boardId: string, { after, limit }: { after?: number; limit: number }) {
      if (!(await ownsBoard(userId, boardId))) return undefined;
      const rows = await db
        .select()
        .from(pins)
        .where(
          and(
            eq(pins.userId, userId),
            eq(pins.boardId, boardId),
            after === undefined ? undefined : lt(pins.seq, after),
          ),
        )
        .orderBy(desc(pins.seq))
        .limit(limit + 1);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return { items: page.map(toPin), nextCursor: rows.length > limit && last ? encodeCursor(last.seq) : null };
    },

    async update(userId: string, pinId: string, change: UpdatePin): Promise<Pin | undefined> {
      if (change.boardId && !(await ownsBoard(userId, change.boardId)))
        throw new UnknownBoardError('No such board to move the pin to');
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
      const deleted = await db
        .delete(pins)
        .where(and(eq(pins.userId, userId), eq(pins.id, pinId)))
        .returning({ id: pins.id });
      return deleted.length > 0;
    },
  };
}
export type PinsRepository = ReturnType<typeof createPinsRepository>;
