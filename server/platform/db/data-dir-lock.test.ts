import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirBusyError, LOCK_FILE_NAME, lockDataDir } from './data-dir-lock';

const root = mkdtempSync(path.join(tmpdir(), 'loupe-lock-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const freshDataDir = (name: string) => path.join(root, name);

/**
 * A process that tries to take the data directory each time it reads "go", and says "won" or
 * "busy". A winner keeps the lock until it is killed; a loser waits for the next round.
 */
const CONTENDER = `
import { createInterface } from 'node:readline';
import { lockDataDir } from ${JSON.stringify(path.resolve('server/platform/db/data-dir-lock.ts'))};
createInterface({ input: process.stdin }).on('line', () => {
  try {
    lockDataDir(process.argv[1]);
    console.log('won');
  } catch (error) {
    console.log(error.name === 'DataDirBusyError' ? 'busy' : 'error ' + error.message);
  }
});
console.log('ready');
`;

interface Contender {
  child: ChildProcessWithoutNullStreams;
  next(): Promise<string>;
}

function startContenderIn(dataDir: string): Promise<Contender> {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CONTENDER, dataDir]);
  const lines: string[] = [];
  let waiting: ((line: string) => void) | undefined;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (waiting) {
      waiting(line);
      waiting = undefined;
    } else lines.push(line);
  });
  const next = () =>
    lines.length > 0 ? Promise.resolve(lines.shift()!) : new Promise<string>((resolve) => (waiting = resolve));
  return next().then((ready) => {
    expect(ready).toBe('ready');
    return { child, next };
  });
}

describe('the data-directory lock', () => {
  it('is refused to a second owner in the same process, and free again once released', () => {
    const dataDir = freshDataDir('one-process');
    const release = lockDataDir(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(DataDirBusyError);
    release();
    expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(false);
    lockDataDir(dataDir)();
  });

  it('has exactly one owner each round, while many processes race to take over a lock its dead owner left', async () => {
    const CONTENDERS = 8;
    const ROUNDS = 12;
    const dataDir = freshDataDir('race');
    const startContender = () => startContenderIn(dataDir);
    let contenders = await Promise.all(Array.from({ length: CONTENDERS }, startContender));
    try {
      for (let round = 0; round < ROUNDS; round++) {
        // Every contender tries at once; the first round finds no lock, the others one its SIGKILLed owner left.
        for (const contender of contenders) contender.child.stdin.write('go\n');
        const answers = await Promise.all(contenders.map((contender) => contender.next()));
        expect(answers.filter((answer) => answer.startsWith('error'))).toEqual([]);
        expect(
          answers.filter((answer) => answer === 'won'),
          `round ${round}`,
        ).toHaveLength(1);

        const winner = contenders[answers.indexOf('won')]!;
        const exited = new Promise((resolve) => winner.child.once('exit', resolve));
        winner.child.kill('SIGKILL');
        await exited;
        expect(existsSync(path.join(dataDir, LOCK_FILE_NAME))).toBe(true); // left behind, as by a crash
        contenders = [...contenders.filter((contender) => contender !== winner), await startContender()];
      }
    } finally {
      for (const contender of contenders) contender.child.kill('SIGKILL');
    }
  }, 120_000);
});
