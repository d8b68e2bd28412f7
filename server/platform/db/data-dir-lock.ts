import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The embedded database belongs to one process at a time: two processes writing
 * the same PGlite folder corrupt it. This lock turns that mistake (say, running
 * `users create` while the server runs) into a clear message instead.
 */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'loupe.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number.parseInt(readFileSync(lockFile, 'utf8'), 10);
      if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
        throw new DataDirBusyError(
          `The data directory ${dataDir} is in use by another Loupe process (pid ${holder}). ` +
            'Stop that process first, or run this command against another LOUPE_DATA_DIR.',
        );
      }
      // A lock left by a process that no longer runs (a crash, a SIGKILL): take it over.
      rmSync(lockFile, { force: true });
    }
  }
  throw new DataDirBusyError(`Could not lock the data directory ${dataDir}`);
}
