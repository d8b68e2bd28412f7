import { parseArgs } from 'node:util';
import { openDatabase } from '../platform/db/open-database';
import type { Env } from '../env';
import { createUsersRepository } from '../features/users';
import { parseUserName, UsageError } from './usage-error';

const USAGE = `npm run server -- users create NAME [--admin]   create a user; prints a new API token as the last line
npm run server -- users token NAME [--label L]   issue another token for a user (the last line)
npm run server -- users list                     list users`;

/** `users …`: manage users and their tokens directly in the database. */
export async function usersCommand(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { admin: { type: 'boolean', default: false }, label: { type: 'string', default: '' } },
  });
  const [action, rawName] = positionals;
  if (action !== 'list' && action !== 'create' && action !== 'token') throw new UsageError(USAGE);
  const name = action === 'list' ? undefined : parseUserName(rawName, USAGE);

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.LOUPE_DATA_DIR });
  try {
    const users = createUsersRepository(database.db);
    if (action === 'list') {
      for (const user of await users.list())
        console.log(`${user.name}\t${user.isAdmin ? 'admin' : 'user'}\t${user.createdAt}`);
    } else if (action === 'create') {
      const { user, token } = await users.create(name!, { isAdmin: values.admin });
      console.log(
        `Created ${user.isAdmin ? 'admin ' : ''}user "${user.name}". Its API token (shown once; Loupe keeps only a hash):`,
      );
      console.log(token);
    } else {
      const { user, token } = await users.issueTokenFor(name!, values.label);
      console.log(`New API token for "${user.name}" (shown once):`);
      console.log(token);
    }
  } finally {
    await database.close();
  }
}
