import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { User } from '../../../utils/contract';
import { type AuthenticatedToken, TOKEN_REVOCATION_CHANNEL, type TokenCache } from '../../platform/auth/token-cache';
import { generateToken, hashToken, looksLikeToken, tokenDisplayPrefix } from '../../platform/auth/tokens';
import type { Database } from '../../platform/db/open-database';
import { apiTokens, users } from '../../platform/db/schema';

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
export type RevokeSelector =
  { token: string } | { id: string } | { user: string; label: string } | { user: string; all: true };

/** `tokenCache`: the server's cache of live tokens (see auth/token-cache.ts); commands and tests look every token up. */
export function createUsersRepository(db: Database, { tokenCache }: { tokenCache?: TokenCache } = {}) {
  async function findByName(name: string): Promise<User | undefined> {
    const [row] = await db.select().from(users).where(eq(users.name, name));
    return row && toUser(row);
  }

  /** Issues a new token for a user and returns it: the only time the plain token exists. */
  async function issueToken(userId: string, label = ''): Promise<string> {
    const token = generateToken();
    await db
      .insert(apiTokens)
      .values({ userId, tokenHash: hashToken(token), prefix: tokenDisplayPrefix(token), label });
    return token;
  }

  /**
   * The user and token id of a live bearer token: from the server's token cache when it has it
   * (which every revocation clears, see auth/token-cache.ts), else one indexed query.
   */
  async function authenticateToken(token: string): Promise<AuthenticatedToken | undefined> {
    if (!looksLikeToken(token)) return undefined;
    const tokenHash = hashToken(token);
    const cached = tokenCache?.get(tokenHash);
    if (cached) return cached;
    const startedAt = tokenCache?.begin() ?? 0;
    const [row] = await db
      .select({ user: users, tokenId: apiTokens.id })
      .from(apiTokens)
      .innerJoin(users, eq(users.id, apiTokens.userId))
      .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt)));
    if (!row) return undefined;
    const authenticated = { user: toUser(row.user), tokenId: row.tokenId };
    tokenCache?.keep(tokenHash, authenticated, startedAt);
    return authenticated;
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
        await tx.insert(apiTokens).values({
          userId: row.id,
          tokenHash: hashToken(token),
          prefix: tokenDisplayPrefix(token),
          label: tokenLabel,
        });
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
        .select({
          id: apiTokens.id,
          prefix: apiTokens.prefix,
          label: apiTokens.label,
          createdAt: apiTokens.createdAt,
          revokedAt: apiTokens.revokedAt,
        })
        .from(apiTokens)
        .where(eq(apiTokens.userId, user.id))
        .orderBy(desc(apiTokens.createdAt));
    },

    /**
     * Revokes the live tokens the selector names and returns them (empty when none matched). The
     * revocation is announced to every server (NOTIFY, delivered when it commits), whose token
     * caches forget their tokens; this server's forgets them before this returns.
     */
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
        where =
          'all' in selector
            ? and(live, eq(apiTokens.userId, user.id))
            : and(live, eq(apiTokens.userId, user.id), eq(apiTokens.label, selector.label));
      }
      const revoked = await db.transaction(async (tx) => {
        const rows = await tx.update(apiTokens).set({ revokedAt: new Date() }).where(where).returning({
          id: apiTokens.id,
          prefix: apiTokens.prefix,
          label: apiTokens.label,
          createdAt: apiTokens.createdAt,
          revokedAt: apiTokens.revokedAt,
        });
        if (rows.length > 0) await tx.execute(sql`SELECT pg_notify(${TOKEN_REVOCATION_CHANNEL}, '')`);
        return rows;
      });
      if (revoked.length > 0) tokenCache?.revoked();
      return revoked;
    },
  };
}

export type UsersRepository = ReturnType<typeof createUsersRepository>;
