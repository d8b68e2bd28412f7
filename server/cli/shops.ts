import { parseArgs } from 'node:util';
import { FollowShopSchema } from '../../utils/contract';
import { catalogSettingsFromEnv } from '../features/catalog';
import { createShopRunner, createShopsRepository, shopsSettingsFromEnv, toShop } from '../features/shops';
import { createUsersRepository, UnknownUserError } from '../features/users';
import { openDatabase } from '../platform/db/open-database';
import type { Env } from '../env';
import { parseUserName, UsageError } from './usage-error';

const USAGE = `npm run server -- shops follow URL --user NAME [--for-everyone]
  Follows the shop at URL (any page of it) for user NAME, and reads it now, printing the progress:
  its products join NAME's catalogue (everyone's with --for-everyone), and a running server refreshes
  them daily. Interrupted? Run it again, or let a server carry on.
npm run server -- shops list --user NAME   the shops NAME follows`;

/** `shops …`: follow a shop and read it in the foreground; list followed shops. */
export async function shopsCommand(args: string[], env: Env): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { user: { type: 'string' }, 'for-everyone': { type: 'boolean', default: false } },
  });
  const [action, url] = positionals;
  if (!(action === 'follow' && url && positionals.length === 2) && !(action === 'list' && positionals.length === 1))
    throw new UsageError(USAGE);
  const name = parseUserName(values.user, USAGE);
  const checked = action === 'follow' ? FollowShopSchema.safeParse({ url }) : undefined;
  if (checked && !checked.success) throw new UsageError(`"${url}" is not a shop address (an http(s) URL).\n\n${USAGE}`);

  const database = await openDatabase({ databaseUrl: env.DATABASE_URL, dataDir: env.LOUPE_DATA_DIR });
  try {
    const user = await createUsersRepository(database.db).findByName(name);
    if (!user) throw new UnknownUserError(`No user named "${name}".`);
    const repository = createShopsRepository(database.db);
    if (action === 'list') {
      for (const shop of (await repository.list(user.id)).map(toShop))
        console.log(`${shop.id}\t${shop.origin}\t${shop.platform ?? '?'}\t${shop.status}\t${shop.products} products`);
      return;
    }
    const followed = await repository.follow(
      new URL(checked!.data!.url).origin,
      values['for-everyone'] ? null : user.id,
      user.id,
    );
    console.log(
      `Following ${followed.origin} for ${values['for-everyone'] ? 'everyone' : user.name} (shop ${followed.id}).`,
    );
    if (followed.status === 'ready') await repository.requestRefresh(followed.id);
    const settings = shopsSettingsFromEnv(env);
    // The embedded database has one owner (this process): a run left "importing" there was interrupted.
    const runner = createShopRunner({
      db: database.db,
      repository,
      embedder: catalogSettingsFromEnv(env).embedder,
      settings: database.kind === 'pglite' ? { ...settings, staleAfterMs: 0 } : settings,
    });
    const printer = setInterval(() => {
      void repository.get(followed.id).then((row) => {
        if (row)
          console.log(
            `${row.status}: ${row.progressRead}${row.progressTotal ? ` of ${row.progressTotal}` : ''} products read`,
          );
      });
    }, 2000);
    try {
      runner.kick();
      await runner.idle();
    } finally {
      clearInterval(printer);
    }
    const shop = toShop((await repository.get(followed.id))!);
    if (shop.status === 'failed') throw new ShopCommandError(`Could not read ${shop.origin}: ${shop.error}`);
    console.log(
      `${shop.origin}: ${shop.status}, ${shop.products} products (${shop.platform}). Next refresh ${shop.nextRefreshAt}.`,
    );
  } finally {
    await database.close();
  }
}

/** The shop could not be read: printed without a stack trace. */
export class ShopCommandError extends Error {
  override name = 'ShopCommandError';
}
