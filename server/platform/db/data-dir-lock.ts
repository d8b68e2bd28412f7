import {
  closeSync,
  constants,
  fstatSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

/** fs-native-extensions (an OS file lock, prebuilt for Linux, macOS and Windows) ships no types: what is used of it. */
const { tryLock, unlock } = createRequire(import.meta.url)('fs-native-extensions') as {
  /** Takes an exclusive lock on the open file `fd` without waiting: false when another holds it. */
  tryLock(fd: number): boolean;
  unlock(fd: number): void;
};

/**
 * The embedded database belongs to one process at a time: two processes writing
 * the same PGlite folder corrupt it. This lock turns that mistake (say, running
 * `users create` while the server runs) into a clear message instead.
 */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}

/** Names the lock file: it holds the owner's pid, for the message another process shows. */
export const LOCK_FILE_NAME = 'loupe.pid';

/**
 * Takes the data directory for this process, or throws DataDirBusyError. Returns the release.
 *
 * The lock is an operating-system lock on `loupe.pid` (an open-file-description lock on Linux,
 * flock on macOS, LockFileEx on Windows), not the file's existence: taking it is one atomic
 * call, and the kernel drops it when its process dies (a crash, SIGKILL). So a lock left by a
 * dead process needs no "is it stale?" judgement, and any number of processes finding it at
 * once leaves exactly one owner.
 *
 * The file is removed on release, as a tidy data directory shows no owner. That is safe because
 * whoever locks a file checks it is still the one at the path: a process that opened the file
 * just before its owner released and removed it holds a lock on a removed file, and tries again.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, LOCK_FILE_NAME);
  for (;;) {
    const fd = openSync(lockFile, constants.O_RDWR | constants.O_CREAT, 0o644);
    if (!tryLock(fd)) {
      closeSync(fd);
      throw busy(dataDir, lockFile);
    }
    if (!isStillAt(fd, lockFile)) {
      closeSync(fd); // its owner released and removed it meanwhile: lock the file now there
      continue;
    }
    ftruncateSync(fd, 0);
    writeSync(fd, String(process.pid), 0);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Removed while still locked, so no one can lock this file and then find it is the one at the path.
      try {
        unlinkSync(lockFile);
      } catch {
        // Already gone, or (Windows) not removable while open: the lock, not the file, is what counts.
      }
      unlock(fd);
      closeSync(fd);
    };
  }
}

function isStillAt(fd: number, file: string): boolean {
  try {
    const held = fstatSync(fd);
    const current = statSync(file);
    return held.ino === current.ino && held.dev === current.dev;
  } catch {
    return false;
  }
}

function busy(dataDir: string, lockFile: string): DataDirBusyError {
  let holder = '';
  try {
    holder = readFileSync(lockFile, 'utf8').trim();
  } catch {
    // Released meanwhile: the message still holds.
  }
  return new DataDirBusyError(
    `The data directory ${dataDir} is in use by another Loupe process${/^\d+$/.test(holder) ? ` (pid ${holder})` : ''}. ` +
      'Stop that process first, or run this command against another LOUPE_DATA_DIR.',
  );
}
