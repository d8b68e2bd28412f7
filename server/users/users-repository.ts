import { and, eq, isNull } from 'drizzle-orm';
import type { User } from '../../utils/contract';
import { generateToken, hashToken, looksLikeToken, tokenDisplayPrefix } from '../auth/tokens';
import type { Database } from '../db/open-database';
import { apiTokens, users } from '../db/schema';

type UserRow = typeof users.$inferSelect;

export const toUser = (row: UserRow): User => ({
  id: row.id,
  name: row.name,
  isAdmin: row.isAdmin,
  createdAt: row.createdAt.toISOString(),
});

export class UserExistsError extends Error {
  override name = 'UserExistsError';
}

export class UnknownUserError extends Error {
  override name = 'UnknownUserError';
}

export function createUsersRepository(db: Database) {
  async function findByName(name: string): Promise<User | undefined> {
    const [row] = await db.select().from(users).where(eq(users.name, name));
    return row && toUser(row);
  }

  /** Issues a new token for a user and returns it: the only time the plain token exists. */
  async function issueToken(userId: string, label = ''): Promise<string> {
    const token = generateToken();
    await db.insert(apiTokens).values({ userId, tokenHash: hashToken(token), prefix: tokenDisplayPrefix(token), label });
    return token;
  }

  return {
    findByName,
    issueToken,

    /** Creates a user with a first token. */
    async create(name: string, { isAdmin = false, tokenLabel = 'created with the user' } = {}) {
      return db.transaction(async (tx) => {
        const [row] = await tx.insert(users).values({ name, isAdmin }).onConflictDoNothing().returning();
        if (!row) throw new UserExistsError(`A user named "${name}" already exists`);
        const token = generateToken();
        await tx.insert(apiTokens).values({ userId: row.id, tokenHash: hashToken(token), prefix: tokenDisplayPrefix(token), label: tokenLabel });
        return { user: toUser(row), token };
      });
    },

    async issueTokenFor(name: string, label = '') {
      const user = await findByName(name);
      if (!user) throw new UnknownUserError(`No user named "${name}"`);
      return { user, token: await issueToken(user.id, label) };
    },

    async list(): Promise<User[]> {
      return (await db.select().from(users).orderBy(users.createdAt)).map(toUser);
    },

    /** The user a bearer token belongs to, or undefined for an unknown, malformed or revoked token. */
    async authenticate(token: string): Promise<User | undefined> {
      if (!looksLikeToken(token)) return undefined;
      const [row] = await db
        .select({ user: users })
        .from(apiTokens)
        .innerJoin(users, eq(users.id, apiTokens.userId))
        .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
      return row && toUser(row.user);
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
