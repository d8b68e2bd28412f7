import { and, desc, eq, isNull } from 'drizzle-orm';
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

/** What a person may see of a token: never the secret or its hash. */
export interface TokenInfo {
  id: string;
  prefix: string;
  label: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** Which tokens to revoke: one by its value or id, a user's tokens with a label, or all of a user's tokens. */
export type RevokeSelector = { token: string } | { id: string } | { user: string; label: string } | { user: string; all: true };

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

  /**
   * The user and token id of a live bearer token. Looked up on every request (one indexed
   * query), so a revoked token is refused from the very next request, on every server.
   */
  async function authenticateToken(token: string): Promise<{ user: User; tokenId: string } | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const [row] = await db
      .select({ user: users, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)));
    return row && { user: toUser(row.user), tokenId: row.tokenId };
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
      return (await authenticateToken(token))?.user;
    },

    authenticateToken,

    /** A user's tokens, newest first, revoked ones included (marked). */
    async listTokens(name: string): Promise<TokenInfo[]> {
      const user = await findByName(name);
      if (!user) throw new UnknownUserError(`No user named "${name}"`);
      return db
        .select({ id: apiTokens.id, prefix: apiTokens.prefix, label: apiTokens.label, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt })
        .from(apiTokens)
        .where(eq(apiTokens.userId, user.id))
        .orderBy(desc(apiTokens.createdAt));
    },

    /** Revokes the live tokens the selector names and returns them (empty when none matched). */
    async revokeTokens(selector: RevokeSelector): Promise<TokenInfo[]> {
      const live = isNull(apiTokens.revokedAt);
      let where;
      if ('token' in selector) {
        where = and(live, eq(apiTokens.tokenHash, hashToken(selector.token)));
      } else if ('id' in selector) {
        where = and(live, eq(apiTokens.id, selector.id));
      } else {
        const user = await findByName(selector.user);
        if (!user) throw new UnknownUserError(`No user named "${selector.user}"`);
        where = 'all' in selector ? and(live, eq(apiTokens.userId, user.id)) : and(live, eq(apiTokens.userId, user.id), eq(apiTokens.label, selector.label));
      }
      return db
        .update(apiTokens)
        .set({ revokedAt: new Date() })
        .where(where)
        .returning({ id: apiTokens.id, prefix: apiTokens.prefix, label: apiTokens.label, createdAt: apiTokens.createdAt, revokedAt: apiTokens.revokedAt });
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
