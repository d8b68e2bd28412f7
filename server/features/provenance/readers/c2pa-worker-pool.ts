import { Worker } from 'node:worker_threads';

/**
 * One worker thread that runs the C2PA validator, fed one job at a time.
 * The validator is synchronous WASM: on the main thread a slow manifest store
 * (30 nested manifests with trust checks take seconds) would stall every
 * request, and nothing could stop it. In a worker it runs beside the server,
 * and a job over its time limit ends by terminating the worker.
 */
export interface C2paJob {
  bytes: Uint8Array;
  mimeType: string;
  context: string;
  timeoutMs: number;
}

export type C2paJobResult =
  | { ok: true; store: unknown }
  | { ok: false; error: string; timedOut?: boolean; crashed?: boolean; busy?: boolean; closed?: boolean };

interface Pending {
  id: number;
  job: C2paJob;
  resolve: (result: C2paJobResult) => void;
  /** The worker running this job, once dispatched. */
  worker?: Worker;
}

/** Jobs waiting beyond this are refused at once: under overload, answering "busy" beats queueing without bound. */
const MAX_QUEUED_JOBS = 64;

const WORKER_URL = new URL('./c2pa-worker.mjs', import.meta.url);

export class C2paWorkerPool {
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;

  run(job: C2paJob): Promise<C2paJobResult> {
    if (this.queue.length >= MAX_QUEUED_JOBS)
      return Promise.resolve({ ok: false, error: 'C2PA validator busy', busy: true });
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, job, resolve });
      this.pump();
    });
  }

  /** Stop the worker (tests, shutdown). Pending jobs resolve as errors. */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    for (const pending of this.queue.splice(0))
      pending.resolve({ ok: false, error: 'C2PA validator closed', closed: true });
    this.finish({ ok: false, error: 'C2PA validator closed', closed: true });
    if (worker) await worker.terminate();
  }

  /**
   * Start the worker now, if none is running, so that its first job does not also pay for
   * starting a thread and compiling the WASM (hundreds of ms on a busy machine).
   */
  warm(): void {
    this.worker ??= this.spawn();
  }

  private spawn(): Worker {
    const worker = new Worker(WORKER_URL);
    worker.on('message', (message: { id: number } & C2paJobResult) => {
      if (this.current?.id !== message.id || this.current.worker !== worker) return;
      this.finish(message.ok ? { ok: true, store: message.store } : { ok: false, error: message.error });
    });
    const lost = (reason: string) => {
      if (this.worker === worker) this.worker = null;
      // Only the job running on this worker is lost; a worker terminated after a timeout must not fail its successor's job.
      if (this.current?.worker === worker) this.finish({ ok: false, error: reason, crashed: true });
    };
    worker.on('error', (error) => lost(`C2PA validator crashed: ${error.message}`));
    worker.on('exit', (code) => lost(`C2PA validator exited (${code})`));
    worker.unref();
    return worker;
  }

  private finish(result: C2paJobResult): void {
    const current = this.current;
    if (!current) return;
    this.current = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.worker?.unref(); // idle: do not keep the process alive
    current.resolve(result);
    this.pump();
  }

  private pump(): void {
    if (this.current) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    this.worker ??= this.spawn();
    const worker = this.worker;
    next.worker = worker;
    worker.ref(); // busy: a pending analysis must keep the process alive
    this.timer = setTimeout(() => {
      // Terminate: the only way to stop synchronous WASM. The next job gets a fresh worker.
      this.worker = null;
      void worker.terminate();
      this.finish({ ok: false, error: `C2PA validation took longer than ${next.job.timeoutMs} ms`, timedOut: true });
    }, next.job.timeoutMs);
    // Copy into a buffer of our own and transfer it: the caller's bytes stay untouched.
    const copy = new Uint8Array(next.job.bytes);
    worker.postMessage({ id: next.id, bytes: copy.buffer, mimeType: next.job.mimeType, context: next.job.context }, [
      copy.buffer,
    ]);
  }
}
