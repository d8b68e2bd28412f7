import { and, desc, eq, sql } from 'drizzle-orm';
import type { Board, UpdateBoard } from '../../../utils/contract';
import type { Database } from '../../platform/db/open-database';
import { boards } from '../../platform/db/schema';
import { isUniqueViolation } from '../../platform/db/unique-violation';

export class BoardNameTakenError extends Error {
  override name = 'BoardNameTakenError';
}

type BoardRow = typeof boards.$inferSelect;

const toBoard = (row: BoardRow, pinCount: number, coverImageUrl: string | null): Board => ({
  id: row.id,
  name: row.name,
  description: row.description,
  pinCount,
  coverImageUrl,
  createdAt: row.createdAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/** Every query takes the user id: a board is only ever found through its owner. */
export function createBoardsRepository(db: Database) {
  // Correlated subqueries, written out: drizzle would leave the outer "id" unqualified here.
  const pinCount = sql<number>`(SELECT count(*)::int FROM pins p WHERE p.board_id = boards.id)`.mapWith(Number);
  const coverImageUrl = sql<
    string | null
  >`(SELECT p.image_url FROM pins p WHERE p.board_id = boards.id ORDER BY p.seq DESC LIMIT 1)`;
  const withStats = { row: boards, pinCount, coverImageUrl };

  async function find(userId: string, boardId: string): Promise<Board | undefined> {
    const [found] = await db
      .select(withStats)
      .from(boards)
      .where(and(eq(boards.userId, userId), eq(boards.id, boardId)));
    return found && toBoard(found.row, found.pinCount, found.coverImageUrl);
  }

  return {
    find,

    /** The user's boards, most recently changed first. */
    async list(userId: string): Promise<Board[]> {
      const rows = await db
        .select(withStats)
        .from(boards)
        .where(eq(boards.userId, userId))
        .orderBy(desc(boards.updatedAt), desc(boards.id));
      return rows.map((found) => toBoard(found.row, found.pinCount, found.coverImageUrl));
    },

    async create(userId: string, input: { name: string; description: string }): Promise<Board> {
      try {
        const [row] = await db
          .insert(boards)
          .values({ userId, ...input })
          .returning();
        return toBoard(row!, 0, null);
      } catch (error) {
        if (isUniqueViolation(error)) throw new BoardNameTakenError(`You already have a board named "${input.name}"`);
        throw error;
      }
    },

    async update(userId: string, boardId: string, change: UpdateBoard): Promise<Board | undefined> {
      try {
        const [row] = await db
          .update(boards)
          .set({ ...change, updatedAt: new Date() })
          .where(and(eq(boards.userId, userId), eq(boards.id, boardId)))
          .returning({ id: boards.id });
        return row && find(userId, boardId);
      } catch (error) {
        if (isUniqueViolation(error)) throw new BoardNameTakenError(`You already have a board named "${change.name}"`);
        throw error;
      }
    },

    /** Deletes the board and its pins. Returns whether there was such a board. */
    async remove(userId: string, boardId: string): Promise<boolean> {
      const deleted = await db
        .delete(boards)
        .where(and(eq(boards.userId, userId), eq(boards.id, boardId)))
        .returning({ id: boards.id });
      return deleted.length > 0;
    },
  };
}
export type BoardsRepository = ReturnType<typeof createBoardsRepository>;
