import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Env } from '../env';
import { runServer } from '../run-server';
import { firstRunSetup } from './first-run';
import type { UsersRepository } from '../features/users';

const LOCAL_USER = 'local';

/**
 * `serve [--local-user]`: runs the backend until SIGTERM or SIGINT.
 * With --local-user (what `npm start` passes) a single-user setup needs no
 * other step: the first run creates the user "local" and prints its token,
 * and a missing embedding model or C2PA trust lists are fetched in the
 * background (first-run.ts). Plain `serve` (a deployment) downloads nothing.
 */
export async function serveCommand(args: string[], env: Env): Promise<void> {
  const { values } = parseArgs({ args, options: { 'local-user': { type: 'boolean', default: false } } });
  let firstRunToken: string | undefined;

  const server = await runServer(env, {
    beforeListen: async ({ users }) => {
      if (values['local-user']) firstRunToken = await ensureLocalUser(users);
    },
  });

  const setupAbort = new AbortController();
  let setup: Promise<void> = Promise.resolve();
  let signals = 0;
  const shutDown = (signal: string) => {
    if (++signals > 1) process.exit(1); // a second Ctrl-C means "now"
    console.log(`${signal}: shutting down…`);
    setupAbort.abort(); // a download under way keeps its part; the next start resumes it
    Promise.all([setup, server.stop()]).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  // Before saying "listening": whoever reads that may stop the server at once, and a SIGTERM that
  // arrived before these handlers would kill the process without closing the database.
  process.on('SIGTERM', () => shutDown('SIGTERM'));
  process.on('SIGINT', () => shutDown('SIGINT'));

  console.log(`Loupe backend listening on ${server.url}`);
  console.log(
    `API docs: ${server.url}/docs · database: ${env.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded, in ${env.LOUPE_DATA_DIR}`}`,
  );
  if (values['local-user']) {
    printNextSteps(server.url, firstRunToken);
    setup = firstRunSetup(env, { signal: setupAbort.signal, onTrustInstalled: () => server.reloadTrustLists() }).catch(
      (error: unknown) => console.error('First-run set-up failed:', error),
    );
  }
}

async function ensureLocalUser(users: UsersRepository): Promise<string | undefined> {
  if (await users.findByName(LOCAL_USER)) return undefined;
  const { token } = await users.create(LOCAL_USER, { isAdmin: true, tokenLabel: 'npm start, first run' });
  return token;
}

function printNextSteps(url: string, token: string | undefined) {
  const extensionDir = path.resolve('.output/chrome-mv3');
  console.log(`
Next steps
  1. In Chrome, open chrome://extensions, turn on Developer mode, click "Load unpacked"
     and choose ${extensionDir}
  2. Click Loupe's toolbar button and paste the backend URL and the token below, then Save.
     Backend URL: ${url}`);
  if (token) {
    console.log(`     Token (shown once; Loupe keeps only its hash):\n${token}`);
  } else {
    console.log(`     Token: printed when Loupe first started. Lost it? Stop Loupe and run
       npm run server -- users token ${LOCAL_USER}`);
  }
}
