import { CatalogCommandError, catalogCommand } from './cli/catalog';
import { modelsCommand } from './cli/models';
import { serveCommand } from './cli/serve';
import { ShopCommandError, shopsCommand } from './cli/shops';
import { NoTokenMatchedError, tokensCommand } from './cli/tokens';
import { TrustUpdateError, trustCommand } from './cli/trust';
import { UsageError } from './cli/usage-error';
import { usersCommand } from './cli/users';
import { DataDirBusyError } from './platform/db/data-dir-lock';
import { FetchModelArgumentError, ModelFetchError } from './features/catalog';
import { ConfigError, type Env, loadEnv } from './env';
import { UnknownUserError, UserExistsError } from './features/users';

/** `npm run server -- COMMAND …`: the backend's one entry point. With no command it serves. */
const commands: Record<string, (args: string[], env: Env) => Promise<void>> = {
  serve: serveCommand,
  users: usersCommand,
  tokens: tokensCommand,
  trust: trustCommand,
  catalog: catalogCommand,
  models: modelsCommand,
  shops: shopsCommand,
};

const HELP = `Usage: npm run server -- [COMMAND]

  serve [--local-user]   run the backend (the default command); --local-user (npm start) also
                         creates the user "local" and fetches a missing model and trust lists
  users create NAME      create a user and print a new API token (last line)
  users token NAME       print a new API token for an existing user
  users list             list users
  tokens list NAME       list a user's API tokens (id, prefix, label, live or revoked)
  tokens revoke TOKEN | --id ID | NAME --label L | NAME --all
                         revoke tokens: refused (401) from the next request on
  trust update           download the official C2PA trust lists into LOUPE_DATA_DIR/trust
  catalog import FEED [--source NAME]
                         import a product feed (file or URL); re-run to continue an interrupted one
  shops follow URL --user NAME [--for-everyone]
                         follow a shop (any page of it): read its products into NAME's catalogue now
  shops list --user NAME list the shops NAME follows
  models fetch           download the image embedding model (LOUPE_EMBED_MODEL) into LOUPE_MODEL_DIR

Settings (environment): HOST, PORT, LOUPE_DATA_DIR, DATABASE_URL, DATABASE_POOL_SIZE, LOG_LEVEL,
  LOUPE_TRUST_ANCHORS, LOUPE_TRUST_CONFIG, LOUPE_FETCH_ALLOW_PRIVATE, LOUPE_MODEL_DIR, LOUPE_EMBED_MODEL,
  LOUPE_RATE_LIMIT_PER_MINUTE, LOUPE_RATE_LIMIT_BURST, LOUPE_IMAGE_WORK_CONCURRENCY, LOUPE_IMAGE_WORK_QUEUE,
  LOUPE_CORS_ORIGINS, LOUPE_SHOP_REQUEST_DELAY_MS, LOUPE_SHOP_MAX_PRODUCTS, LOUPE_SHOP_REFRESH_HOURS,
  LOUPE_SHOP_STALE_AFTER_MS, LOUPE_SHOP_POLL_MS, LOUPE_OFFLINE, LOUPE_MODEL_BASE_URL, LOUPE_TRUST_ANCHORS_URL, LOUPE_TRUST_TSA_URL.
  See README.md.`;

/** Errors a person can act on: print the message alone. Anything else is a bug: print the stack. */
const expectedErrors = [
  ConfigError,
  UsageError,
  DataDirBusyError,
  UserExistsError,
  UnknownUserError,
  TrustUpdateError,
  CatalogCommandError,
  ShopCommandError,
  FetchModelArgumentError,
  ModelFetchError,
  NoTokenMatchedError,
];

async function main(argv: string[]) {
  const [name = 'serve', ...args] = argv;
  if (name === 'help' || name === '--help' || name === '-h') return console.log(HELP);
  const command = commands[name];
  if (!command) throw new UsageError(`Unknown command "${name}".\n\n${HELP}`);
  await command(args, loadEnv());
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (expectedErrors.some((kind) => error instanceof kind)) {
    console.error((error as Error).message);
    process.exit(error instanceof UsageError ? 2 : 1);
  }
  console.error(error);
  process.exit(1);
});
