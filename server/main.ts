import { serveCommand } from './cli/serve';
import { UsageError } from './cli/usage-error';
import { usersCommand } from './cli/users';
import { DataDirBusyError } from './db/data-dir-lock';
import { ConfigError, type Env, loadEnv } from './env';
import { UnknownUserError, UserExistsError } from './users/users-repository';

/** `npm run server -- COMMAND …`: the backend's one entry point. With no command it serves. */
const commands: Record<string, (args: string[], env: Env) => Promise<void>> = {
  serve: serveCommand,
  users: usersCommand,
};

const HELP = `Usage: npm run server -- [COMMAND]

  serve [--local-user]   run the backend (the default command)
  users create NAME      create a user and print a new API token (last line)
  users token NAME       print a new API token for an existing user
  users list             list users

Settings (environment): HOST, PORT, LOUPE_DATA_DIR, DATABASE_URL, LOG_LEVEL. See README.md.`;

/** Errors a person can act on: print the message alone. Anything else is a bug: print the stack. */
const expectedErrors = [ConfigError, UsageError, DataDirBusyError, UserExistsError, UnknownUserError];

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
