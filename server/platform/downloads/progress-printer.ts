/**
 * Download progress on a terminal: one line redrawn in place on a TTY; on anything else (a log
 * file, CI, a test) a line when a file starts, at each quarter, and when it is done.
 */
export interface FileProgress {
  file: string;
  status: 'present' | 'start' | 'progress' | 'done';
  received?: number | undefined;
  total?: number | undefined;
  resumedFrom?: number | undefined;
  /** What the finished file was checked against, e.g. "sha256" (on `done`). */
  checkedBy?: string | undefined;
}

const mb = (bytes: number) =>
  bytes < 1_048_576 ? `${Math.ceil(bytes / 1024)} kB` : `${(bytes / 1_048_576).toFixed(1)} MB`;

export function progressPrinter(stream: NodeJS.WriteStream = process.stdout, indent = '  ') {
  const tty = stream.isTTY === true;
  let quarter = 0;
  let drawn = false;
  return (event: FileProgress) => {
    const { file, received = 0, total } = event;
    const percent = total ? Math.floor((received / total) * 100) : undefined;
    const amount = total ? `${mb(received)} of ${mb(total)}` : mb(received);
    if (event.status === 'start') {
      quarter = 0;
      if (!tty) stream.write(`${indent}${file}: downloading${total ? ` ${mb(total)}` : ''}…\n`);
    } else if (event.status === 'progress') {
      const resumed = event.resumedFrom ? `, resumed at ${mb(event.resumedFrom)}` : '';
      if (tty) {
        stream.write(`\r${indent}${file}: ${amount}${percent === undefined ? '' : ` (${percent}%)`}${resumed}\x1b[K`);
        drawn = true;
      } else if (percent !== undefined && Math.floor(percent / 25) > quarter && percent < 100) {
        quarter = Math.floor(percent / 25);
        stream.write(`${indent}${file}: ${amount} (${percent}%)${resumed}\n`);
      }
    } else if (event.status === 'done') {
      stream.write(
        `${tty && drawn ? '\r' : ''}${indent}${file}: ${mb(received)}, ${event.checkedBy ? `${event.checkedBy} checked` : 'done (no checksum offered)'}${tty ? '\x1b[K' : ''}\n`,
      );
      drawn = false;
    }
  };
}
