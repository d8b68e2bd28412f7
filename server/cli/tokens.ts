import { parseArgs } from 'node:util';
import { looksLikeToken } from '../platform/auth/tokens';
import { openDatabase } from '../platform/db/open-database';
import type { Env } from '../env';
import { type RevokeSelector, type TokenInfo, createUsersRepository } from '../features/users';
import { parseUserName, UsageError } from './usage-error';

const USAGE = `npm run server -- tokens list NAME                  a user's tokens: id, prefix, label, created, revoked
npm run server -- tokens revoke TOKEN                the token with this value (loupe_…)
npm run server -- tokens revoke --id ID              the token with this id (from tokens list)
npm run server -- tokens revoke NAME --label L       the user's live tokens labelled L
npm run server -- tokens revoke NAME --all           every live token of the user
A revoked token is refused (401) from the next request on.`;

/** Nothing matched a revoke: said plainly, exit 1. */
export class NoTokenMatchedError extends Error {
  override name = 'NoTokenMatchedError';
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Reads the revoke arguments into one unambiguous selector, or explains the usage. */
export function revokeSelector(
  target: string | undefined,
  options: { id?: string; label?: string; all?: boolean },
): RevokeSelector {
  const given = [options.id !== undefined, options.label !== undefined, options.all === true].filter(Boolean).length;
  if (given > 1) throw new UsageError(`Give one of --id, --label or --all.\n\n${USAGE}`);
  if (options.id !== undefined) {
    if (target !== undefined || !UUID.test(options.id))
      throw new UsageError(`--id takes a token id from "tokens list" and nothing else.\n\n${USAGE}`);
    return { id: options.id.toLowerCase() };
  }
  if (target === undefined) throw new UsageError(USAGE);
  if (given === 0) {
    // A token value alone. A bare user name would be a dangerous guess (all tokens? which?), so it needs --all or --label.
    if (!looksLikeToken(target))
      throw new UsageError(
        `"${target}" is not a Loupe token. To revoke a user's tokens, add --all or --label L.\n\n${USAGE}`,
      );
    return { token: target };
  }
  const user = parseUserName(target, USAGE);
  return options.all ? { user, all: true } : { user, label: options.label! };
}

const describeToken = (token: TokenInfo) =>
  [
    token.id,
    `${token.prefix}…`,
    token.label || '(no label)',
    token.createdAt.toISOString(),
    token.revokedAt ? `revoked ${token.revokedAt.toISOString()}` : 'live',
  ].join('\t');

/** `tokens …`: list and revoke API tokens directly in the database. */
export async function tokensCommand(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { id: { type: 'string' }, label: { type: 'string' }, all: { type: 'boolean', default: false } },
  });
  const [action, target, ...rest] = positionals;
  if (rest.length > 0) throw new UsageError(USAGE);
  let run: (users: ReturnType<typeof createUsersRepository>) => Promise<void>;
  if (action === 'list') {
    const name = parseUserName(target, USAGE);
    run = async (users) => {
      const tokens = await users.listTokens(name);
      if (tokens.length === 0) console.log(`"${name}" has no tokens.`);
      for (const token of tokens) console.log(describeToken(token));
    };
  } else if (action === 'revoke') {
    const selector = revokeSelector(target, values);
    run = async (users) => {
      const revoked = await users.revokeTokens(selector);
      if (revoked.length === 0)
        throw new NoTokenMatchedError(
          'No live token matched: nothing was revoked. "tokens list NAME" shows a user\'s tokens.',
        );
      for (const token of revoked) console.log(`Revoked ${describeToken(token)}`);
    };
  } else {
    throw new UsageError(USAGE);
  }

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.LOUPE_DATA_DIR, poolSize: 1 });
  try {
    await run(createUsersRepository(database.db));
  } finally {
    await database.close();
  }
}
